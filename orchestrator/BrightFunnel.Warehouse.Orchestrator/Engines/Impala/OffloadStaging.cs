using System.Collections.Concurrent;
using System.Diagnostics;
using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Impala.Staging;
using BrightFunnel.Warehouse.Migrations;
using BrightFunnel.Warehouse.Orchestrator.Loading;
using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Engines.Impala;

/// <summary>
/// What both offloaded steps do around their own SQL: stage MySQL reads as Parquet, run a script
/// so that its error names the file, and drop the run's database and files afterwards.
/// </summary>
static class OffloadStaging
{
    static readonly NLog.Logger Log = NLog.LogManager.GetCurrentClassLogger();

    /// <summary>
    /// Writes each of the step's inputs (a MySQL SELECT) as a staged Parquet table; returns the rows.
    /// Two tables at a time, each on a connection of its own: reading rows and encoding Parquet is
    /// client work, the query the server's, so two streams keep both cores busy. The largest go first,
    /// so the two streams end together rather than one large input starting last.
    /// </summary>
    public static async Task<long> StageInputsAsync(string tenantConnectionString, StagingArea area, EngineScripts scripts, CancellationToken ct)
    {
        long rows = 0;
        IReadOnlyList<(string Table, string Select)> inputs;
        await using (var connection = await BulkRead.OpenAsync(tenantConnectionString, ct))
            inputs = await LargestFirstAsync(connection, scripts.Inputs(), ct);
        await Parallel.ForEachAsync(inputs, new ParallelOptions { MaxDegreeOfParallelism = ParallelismSettings.Process.StagingWorkers, CancellationToken = ct }, async (input, token) =>
        {
            var clock = Stopwatch.StartNew();
            await using var connection = await BulkRead.OpenAsync(tenantConnectionString, token);
            await using var command = new MySqlConnector.MySqlCommand(input.Select, connection) { CommandTimeout = 0 };
            await using var reader = await command.ExecuteReaderAsync(token);
            var staged = (await area.StageAsync(input.Table, reader, null, token)).Rows;
            Interlocked.Add(ref rows, staged);
            Log.Info("offload: staged {table} ({rows} rows) in {ms} ms", input.Table, staged, clock.ElapsedMilliseconds);
        });
        return rows;
    }

    /// <summary>
    /// The inputs by the rows MySQL expects each to read (the sum of its plan's row estimates), most first.
    /// At L the attribute step's three largest took 3.8, 3.6 and 2.8 s: in name order the largest began
    /// last and staging took 7.4 s of reading where 6.4 s would do.
    /// </summary>
    static async Task<IReadOnlyList<(string Table, string Select)>> LargestFirstAsync(MySqlConnector.MySqlConnection connection,
        IReadOnlyList<(string Table, string Select)> inputs, CancellationToken ct)
    {
        var estimates = new Dictionary<string, long>();
        foreach (var input in inputs)
        {
            var plan = await connection.QueryAsync(new CommandDefinition("EXPLAIN " + input.Select, cancellationToken: ct));
            estimates[input.Table] = plan.Cast<IDictionary<string, object?>>()
                .Sum(step => step.TryGetValue("rows", out var n) && n is not null and not DBNull ? Convert.ToInt64(n, System.Globalization.CultureInfo.InvariantCulture) : 0);
        }
        return inputs.OrderByDescending(i => estimates[i.Table]).ThenBy(i => i.Table, StringComparer.Ordinal).ToList();
    }

    /// <summary>Runs one of the step's statements; an error names its file, and the log says how long it took.</summary>
    public static async Task ExecuteScriptAsync(Hs2Session session, EngineScripts scripts, string name,
        IReadOnlyDictionary<string, string> variables, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await session.ExecuteNonQueryAsync(scripts.Statement(name, variables), null, ct);
        }
        catch (Hs2QueryException e)
        {
            throw Naming(e, scripts, name);
        }
        Log.Info("offload: {script} in {ms} ms", scripts.Describe(name), clock.ElapsedMilliseconds);
    }

    /// <summary>
    /// The copy-back of a step's compact results: each <c>analytics/{table}.sql</c> SELECT into a fresh
    /// MySQL shadow <c>{table}_next</c> (LIKE <c>{table}</c>), which the step swaps in once all are
    /// there. A result column <c>week_day</c> (a day number) loads as the DATE <c>week_start</c>. Returns the rows.
    /// </summary>
    /// <param name="openAnother">opens a second session in the run's database: then two tables are copied
    /// at a time (one query's fetch and LOAD DATA overlap the other's work on the cluster).</param>
    /// <param name="longestFirst">statements (<c>analytics/…</c>) copied before the others, in name order: the
    /// longest first, so the two lanes finish together rather than one long copy starting last.</param>
    public static Task<long> CopyBackAsync(Hs2Session session, MySqlConnection mysql, EngineScripts scripts,
        IReadOnlyDictionary<string, string> variables, int fetchSize, CancellationToken ct, Func<CancellationToken, Task<Hs2Session>>? openAnother = null,
        IReadOnlyCollection<string>? longestFirst = null) =>
        CopyEachAsync(session, mysql, scripts,
            scripts.StatementsIn(EngineScripts.AnalyticsFolder).OrderBy(name => longestFirst?.Contains(name) == true ? 0 : 1),
            IntoShadowAsync, variables, fetchSize, ct, openAnother);

    /// <summary>
    /// An empty <c>{table}_next</c> for a table the step swaps in but the engine does not copy back
    /// (its rows stay on the cluster).
    /// </summary>
    public static Task EmptyShadowAsync(MySqlConnection mysql, string table) => IntoShadowAsync(mysql, table);

    /// <summary>A fresh <c>{table}_next</c> LIKE the table named after the script.</summary>
    static async Task<string> IntoShadowAsync(MySqlConnection connection, string name)
    {
        var table = Path.GetFileName(name);
        var next = MySqlIdentifier.Quote(table + "_next");
        await connection.ExecuteAsync($"DROP TABLE IF EXISTS {next}");
        await connection.ExecuteAsync($"CREATE TABLE {next} LIKE {MySqlIdentifier.Quote(table)}");
        return table + "_next";
    }

    /// <summary>
    /// Each named SELECT into the MySQL table <paramref name="target"/> prepares for it (and names);
    /// with <paramref name="openAnother"/>, two at a time on sessions and connections of their own,
    /// in the order given. Returns the rows.
    /// </summary>
    public static async Task<long> CopyEachAsync(Hs2Session session, MySqlConnection mysql, EngineScripts scripts, IEnumerable<string> statements,
        Func<MySqlConnection, string, Task<string>> target, IReadOnlyDictionary<string, string> variables, int fetchSize, CancellationToken ct,
        Func<CancellationToken, Task<Hs2Session>>? openAnother = null)
    {
        var names = new ConcurrentQueue<string>(statements);
        long rows = 0;
        async Task DrainAsync(Hs2Session hs2, MySqlConnection connection)
        {
            var load = new ClusterResultLoad(hs2, connection, fetchSize);
            while (names.TryDequeue(out var name))
            {
                var table = await target(connection, name);
                var clock = Stopwatch.StartNew();
                long loaded;
                try { loaded = await load.LoadAsync(scripts.Statement(name, variables), table, ct, WeekStart); }
                catch (Hs2QueryException e) { throw Naming(e, scripts, name); }
                Log.Info("offload: copied {rows} rows of {script} into {table} in {ms} ms", loaded, scripts.Describe(name), table, clock.ElapsedMilliseconds);
                Interlocked.Add(ref rows, loaded);
            }
        }
        if (openAnother is null || names.Count < 2)
        {
            await DrainAsync(session, mysql);
            return rows;
        }
        await using var other = await openAnother(ct);
        await using var otherMysql = (MySqlConnection)mysql.Clone(); // a clone keeps the password the opened original no longer shows
        await otherMysql.OpenAsync(ct);
        RunConnections.Record(otherMysql);
        await Task.WhenAll(DrainAsync(session, mysql), DrainAsync(other, otherMysql));
        return rows;
    }

    /// <summary>A new session whose current database is <paramref name="database"/> (the run's own).</summary>
    public static async Task<Hs2Session> OpenInAsync(ImpalaSettings impala, string database, CancellationToken ct)
    {
        var session = await Hs2Session.OpenAsync(impala.ClientOptions(), ct);
        try
        {
            await session.ExecuteNonQueryAsync($"USE {ImpalaDdl.Quote(database)}", null, ct);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>Weeks travel as the day number of their Monday and load as the DATE it stands for.</summary>
    static readonly IReadOnlyDictionary<string, string> WeekStart =
        new Dictionary<string, string> { ["week_day"] = "`week_start` = FROM_DAYS(@week_day)" };

    /// <summary>The same error, saying which of our files the failing statement came from.</summary>
    public static Hs2QueryException Naming(Hs2QueryException e, EngineScripts scripts, string name) =>
        new(e.SqlState, e.ServerMessage, e.StatementFirstLine, e.ErrorCode, $"Impala query failed in {scripts.Describe(name)}");

    /// <summary>
    /// What ends every offloaded step, whatever its outcome: the run's own database (staged tables
    /// and intermediates) dropped, the session closed, and the tenant's staging folder deleted, the
    /// run's files with it. Failures here are logged, never thrown: they must not hide the step's
    /// own outcome, and the tenant's next step clears what is left (<see cref="ClusterAttribution.ClearAbandonedRunsAsync"/>).
    /// </summary>
    public static async Task EndRunAsync(Hs2Session? session, IStagingStore store, ClusterAttribution cluster, string database)
    {
        if (session is not null)
        {
            try { await session.ExecuteNonQueryAsync(ImpalaDdl.DropDatabase(database)); }
            catch (Exception e) { Log.Warn("offload: could not drop Impala database {database}: {error}", database, e.Message); }
            try { await session.DisposeAsync(); }
            catch (Exception e) { Log.Warn("offload: could not close the Impala session: {error}", e.Message); }
        }
        try { await store.DeleteFolderAsync(cluster.StagingFolder, CancellationToken.None); }
        catch (Exception e) { Log.Warn("offload: could not delete staged files of {database}: {error}", database, e.Message); }
    }
}
