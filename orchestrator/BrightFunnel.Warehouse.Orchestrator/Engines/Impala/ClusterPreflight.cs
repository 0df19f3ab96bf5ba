using System.Data;
using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Impala.Staging;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Engines.Impala;

/// <summary>One check of <see cref="ClusterPreflight"/>: what was tried, whether it worked, and what to do when not.</summary>
public sealed record PreflightCheck(string Name, bool Ok, string Detail);

/// <summary>
/// <c>bfw impala check</c>: before a tenant moves to <c>engine = impala</c>, tries with the configured
/// settings every thing the offload does on the cluster, each on a throwaway object named
/// <c>bfw_check_&lt;random&gt;</c> that is removed afterwards, failed or not: connect, tell Impala from
/// another HS2 server, create a database, CREATE TABLE AS SELECT into Parquet, stage a Parquet file
/// and register it as an external table (REFRESH, COMPUTE STATS, read back), create and alter a
/// view. A failure names the privilege or setting and what to grant.
/// </summary>
public sealed class ClusterPreflight(ImpalaSettings settings)
{
    public async Task<IReadOnlyList<PreflightCheck>> RunAsync(CancellationToken ct = default)
    {
        var checks = new List<PreflightCheck>();
        // A setting that does not parse is bad input (exit 2), named by ClientOptions; only reaching the server is a check.
        var options = settings.ClientOptions();
        Hs2Session session;
        try
        {
            session = await Hs2Session.OpenAsync(options, ct);
        }
        catch (Exception e) when (e is Hs2Exception or ArgumentException)
        {
            checks.Add(new("connect", false, $"{Secrets.MaskPasswords(e.Message)} (settings Impala.Host, Port, Transport, Auth, User, UseTls)"));
            return checks;
        }
        await using (session)
        {
            checks.Add(new("connect", true, options.ToString()));
            var version = await Try(checks, "server is Impala", () => IdentifyImpalaAsync(session, ct));
            if (version is null) return checks;

            var database = $"bfw_check_{Guid.NewGuid():N}"[..24];
            var folder = $"bfw_check/{database}";
            var store = settings.StagingStore();
            string? staged = null;
            try
            {
                var created = await Try(checks, "create and drop a database", async () =>
                {
                    await session.ExecuteNonQueryAsync(ImpalaDdl.CreateDatabase(database), null, ct);
                    return database;
                }, "grant CREATE on the server (Ranger: Hadoop SQL policy, database *, permission Create) to the offload's user");
                if (created is null) return checks;
                await Try(checks, "CREATE TABLE AS SELECT stored as Parquet", async () =>
                {
                    await session.ExecuteNonQueryAsync($"CREATE TABLE {ImpalaDdl.Qualified(database, "ctas")} STORED AS PARQUET AS SELECT 1 AS n", null, ct);
                    return "ok";
                }, $"grant CREATE, INSERT and SELECT on databases bfw_* (Ranger: database bfw_*, table *), and write access to the warehouse directory");
                staged = await Try(checks, "staging store: write a Parquet file", async () =>
                {
                    var table = new DataTable();
                    table.Columns.Add("n", typeof(long));
                    table.Rows.Add(42L);
                    using var reader = table.CreateDataReader();
                    var writer = new ParquetTableWriter(ParquetTableWriter.ColumnsOf(reader));
                    await writer.WriteAsync(reader, store, folder, ct);
                    return store.LocationOf(folder);
                }, $"grant the offload's user read, write and execute on {StagingPlace()} (HDFS permissions or a Ranger HDFS policy), or correct those settings");
                if (staged is not null)
                    await Try(checks, "external table over staging: REFRESH, COMPUTE STATS, read back", async () =>
                    {
                        await session.ExecuteNonQueryAsync(ImpalaDdl.CreateExternalTable(database, "staged", [new StagedColumn("n", BrightFunnel.Warehouse.Impala.Types.ImpalaType.BigInt)], staged), null, ct);
                        await session.ExecuteNonQueryAsync(ImpalaDdl.Refresh(database, "staged"), null, ct);
                        await session.ExecuteNonQueryAsync(ImpalaDdl.ComputeStats(database, "staged"), null, ct);
                        var n = (await session.QueryAsync($"SELECT n FROM {ImpalaDdl.Qualified(database, "staged")}", null, ct)).Rows.Single()[0];
                        return Equals(n, 42L) ? staged : throw new PreflightFailure($"read back {n ?? "NULL"} where 42 was written");
                    }, $"grant ALL on the URI {staged} (Ranger: URL policy on the staging path) and REFRESH/COMPUTE STATS (ALTER) on databases bfw_*");
                await Try(checks, "create and alter a view", async () =>
                {
                    await session.ExecuteNonQueryAsync($"CREATE VIEW {ImpalaDdl.Qualified(database, "v")} AS SELECT 1 AS n", null, ct);
                    await session.ExecuteNonQueryAsync($"ALTER VIEW {ImpalaDdl.Qualified(database, "v")} AS SELECT 2 AS n", null, ct);
                    return "ok";
                }, "grant CREATE and ALTER on databases bfw_* (Ranger: database bfw_*, table *)");
            }
            finally
            {
                await Cleanup(checks, session, database, store, folder, wroteStaging: staged is not null);
            }
        }
        return checks;
    }

    /// <summary>Where staging goes, by the settings that say so.</summary>
    string StagingPlace() => string.IsNullOrWhiteSpace(settings.WebHdfsUrl)
        ? $"Impala.Root {settings.Root}"
        : $"Impala.WebHdfsPath {settings.WebHdfsPath} at Impala.WebHdfsUrl {settings.WebHdfsUrl}" + (settings.WebHdfsUser is { Length: > 0 } user ? $" (as Impala.WebHdfsUser {user})" : "");

    /// <summary>Impala's version() starts "impalad version"; Hive's and Spark's do not.</summary>
    public static bool IsImpala(string version) => version.TrimStart().StartsWith("impalad version", StringComparison.OrdinalIgnoreCase);

    /// <param name="wroteStaging">whether the staging write succeeded: when it failed, the folder was never written, so a denied delete leaves nothing behind.</param>
    static async Task Cleanup(List<PreflightCheck> checks, Hs2Session session, string database, IStagingStore store, string folder, bool wroteStaging)
    {
        var problems = new List<string>();
        var notes = new List<string> { database };
        try { await session.ExecuteNonQueryAsync(ImpalaDdl.DropDatabase(database), null, CancellationToken.None); }
        catch (Exception e) when (e is Hs2Exception) { problems.Add($"database {database} left behind: {FirstLine(e.Message)} (grant DROP on databases bfw_*; drop it by hand)"); }
        try { await store.DeleteFolderAsync(folder, CancellationToken.None); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or HttpRequestException)
        {
            if (wroteStaging) problems.Add($"staging folder {folder} left behind: {FirstLine(e.Message)} (grant write on the staging path, which deleting needs; delete it by hand)");
            else notes.Add($"staging folder {folder} not deleted either, but the write to it failed, so nothing is there");
        }
        checks.Add(problems.Count == 0
            ? new("clean up (drop database cascade, delete staged files)", true, string.Join("; ", notes))
            : new("clean up (drop database cascade, delete staged files)", false, string.Join("; ", problems)));
    }

    static async Task<string?> Try(List<PreflightCheck> checks, string name, Func<Task<string>> check, string? grant = null)
    {
        try
        {
            var detail = await check();
            checks.Add(new(name, true, detail));
            return detail;
        }
        catch (Exception e) when (e is Hs2Exception or PreflightFailure or IOException or UnauthorizedAccessException or HttpRequestException or ArgumentException)
        {
            var message = Secrets.MaskPasswords(FirstLine(e.Message));
            checks.Add(new(name, false, grant is null || e is PreflightFailure ? message : $"{message} — {grant}"));
            return null;
        }
    }

    static string FirstLine(string text) => text.Split('\n')[0].Trim();

    /// <summary>
    /// The server's version line, once both ways of asking agree it is Impala: HS2 GetInfo's
    /// CLI_DBMS_NAME (impalad says "Impala", HiveServer2 "Apache Hive", Spark "Spark SQL"), asked
    /// first because it runs no SQL, then version(). A server that does not answer GetInfo is judged
    /// by version() alone, which is what Impala documents.
    /// </summary>
    static async Task<string> IdentifyImpalaAsync(Hs2Session session, CancellationToken ct)
    {
        const string onlyImpala = "bfw offloads to Impala only (not Hive's HiveServer2 or Spark Thrift)";
        string? name;
        try { name = await session.GetInfoAsync(BrightFunnel.Warehouse.Impala.Thrift.TGetInfoType.CLI_DBMS_NAME, ct); }
        catch (Hs2Exception e) when (e is not Hs2ConnectionException) { name = null; }
        if (name is not null && !string.Equals(name, "Impala", StringComparison.Ordinal))
            throw new PreflightFailure($"this server is not Impala: it calls itself '{name}' (HS2 GetInfo CLI_DBMS_NAME); {onlyImpala}");
        var text = (await session.QueryAsync("SELECT version()", null, ct)).Rows[0][0]?.ToString() ?? "";
        return IsImpala(text) ? FirstLine(text)
            : throw new PreflightFailure($"this server is not Impala: version() says '{FirstLine(text)}'; {onlyImpala}");
    }

    sealed class PreflightFailure(string message) : Exception(message);
}
