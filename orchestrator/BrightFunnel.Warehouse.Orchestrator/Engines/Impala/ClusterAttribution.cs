using System.Globalization;
using System.Text.RegularExpressions;
using BrightFunnel.Warehouse.Impala;
using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Impala.Staging;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Engines.Impala;

/// <summary>
/// A tenant's attribution on the cluster, the way Impala keeps it: a persistent database
/// <c>bfw_{tenant}</c> whose views <c>at_paths</c>, <c>at_unattributed</c> and
/// <c>at_position_weights</c> (the position models the pairs were built with, whose shares readers
/// take from the pairs' slots), and the inputs the engage step reduces (<c>at_staged_touches</c>,
/// <c>at_staged_people</c>, <c>at_staged_person_accounts</c>: what the pairs were built from) point at
/// the tables of the run that built them
/// (<c>at_paths_r{run}</c>, …). A run writes tables of its own and
/// publishes them by repointing the views (atomic in the metastore), so a reader sees one run's
/// attribution or the next, never a mix, and a failed run leaves the views as they were.
/// </summary>
public sealed class ClusterAttribution(TenantId tenant)
{
    /// <summary>What the database publishes, each a view over the run table of the same name.</summary>
    public static readonly string[] Views =
        ["at_paths", "at_unattributed", "at_position_weights", "at_staged_touches", "at_staged_people", "at_staged_person_accounts"];

    public string Database { get; } = $"bfw_{tenant.Value}";

    public TenantId Tenant { get; } = tenant;

    /// <summary>The database a run stages its inputs and intermediate tables in, dropped after the step.</summary>
    public string RunDatabase(long runId, string step) => $"bfw_{Tenant.Value}_run{runId}_{step}";

    public static string RunTable(string view, long runId) => $"{view}_r{runId}";

    public string Qualified(string table) => ImpalaDdl.Qualified(Database, table);

    /// <summary>Variables the offload SQL names: <c>${var:tenant_db}</c>, <c>${var:run}</c>.</summary>
    public IReadOnlyDictionary<string, string> Variables(long runId) => new Dictionary<string, string>
    {
        ["tenant_db"] = ImpalaDdl.Quote(Database),
        ["run"] = runId.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The tables and views of the tenant's database; empty when it does not exist yet.</summary>
    public async Task<IReadOnlyList<string>> TablesAsync(Hs2Session session, CancellationToken ct = default)
    {
        var databases = await session.QueryAsync("SHOW DATABASES", null, ct);
        if (!databases.Rows.Any(r => string.Equals(r[0] as string, Database, StringComparison.OrdinalIgnoreCase))) return [];
        var tables = await session.QueryAsync($"SHOW TABLES IN {ImpalaDdl.Quote(Database)}", null, ct);
        return tables.Rows.Select(r => ((string)r[0]!).ToLowerInvariant()).ToList();
    }

    /// <summary>
    /// Fails clearly unless the views are there: the engine's root was wiped, the database
    /// dropped, or the attribution was published before one of them existed (at_position_weights),
    /// and only a new attribution brings them back.
    /// </summary>
    public async Task RequireAttributionAsync(Hs2Session session, CancellationToken ct = default)
    {
        var tables = await TablesAsync(session, ct);
        var missing = Views.Where(v => !tables.Contains(v)).ToList();
        if (missing.Count > 0)
            throw new ClusterAttributionMissingException(
                $"the attribution of tenant {Tenant} is not on the cluster ({string.Join(", ", missing.Select(m => $"{Database}.{m}"))} missing: " +
                $"the engine's root was wiped, the database dropped, or the attribution predates a view); rerun from attribute: bfw run {Tenant} --from attribute");
    }

    /// <summary>A session on the cluster that holds the tenant's attribution; fails clearly (and closes it) when it does not.</summary>
    public async Task<Hs2Session> OpenAttributionAsync(ImpalaSettings impala, CancellationToken ct = default)
    {
        var session = await Hs2Session.OpenAsync(impala.ClientOptions(), ct);
        try
        {
            await RequireAttributionAsync(session, ct);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>Points every view at this run's tables: CREATE VIEW the first time, ALTER VIEW after.</summary>
    public async Task PublishAsync(Hs2Session session, long runId, CancellationToken ct = default)
    {
        var existing = await TablesAsync(session, ct);
        foreach (var view in Views)
        {
            var verb = existing.Contains(view) ? "ALTER VIEW" : "CREATE VIEW";
            await session.ExecuteNonQueryAsync($"{verb} {Qualified(view)} AS SELECT * FROM {Qualified(RunTable(view, runId))}", null, ct);
        }
    }

    /// <summary>
    /// Drops every run table but those of the runs in <paramref name="keepRuns"/>: the previous run's,
    /// and any a crashed or fenced run left behind. Returns what it dropped.
    /// </summary>
    public async Task<IReadOnlyList<string>> DropRunTablesAsync(Hs2Session session, IReadOnlyCollection<long> keepRuns, CancellationToken ct = default)
    {
        var stale = await StaleRunTablesAsync(session, keepRuns, ct);
        foreach (var table in stale)
            await session.ExecuteNonQueryAsync(ImpalaDdl.DropTable(Database, table), null, ct);
        return stale;
    }

    /// <summary>The run tables of the tenant's database that belong to none of the runs in <paramref name="keepRuns"/>.</summary>
    public async Task<IReadOnlyList<string>> StaleRunTablesAsync(Hs2Session session, IReadOnlyCollection<long> keepRuns, CancellationToken ct = default) =>
        (await TablesAsync(session, ct)).Where(table => RunTableName.Match(table) is { Success: true } m
            && !keepRuns.Contains(long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))).ToList();

    /// <summary>The per-run databases (<see cref="RunDatabase"/>) of the tenant that exist on the cluster.</summary>
    public async Task<IReadOnlyList<string>> RunDatabasesAsync(Hs2Session session, CancellationToken ct = default)
    {
        // Anchored on the run number: tenant "acme" must not claim tenant "acme_running"'s databases.
        var pattern = new Regex($@"^bfw_{Regex.Escape(Tenant.Value)}_run\d+_", RegexOptions.IgnoreCase);
        return (await session.QueryAsync("SHOW DATABASES", null, ct)).Rows
            .Select(r => r[0] as string).OfType<string>()
            .Where(db => pattern.IsMatch(db)).ToList();
    }

    /// <summary>
    /// Removes what dead runs of the tenant left: their databases (staged inputs, intermediates)
    /// and staged files. Runs of one tenant never overlap (the cycle lock), so at the start of a
    /// step nothing of the tenant's is in use.
    /// </summary>
    public async Task ClearAbandonedRunsAsync(Hs2Session session, IStagingStore store, CancellationToken ct = default)
    {
        await DropRunDatabasesAsync(session, ct);
        await store.DeleteFolderAsync(StagingFolder, ct);
    }

    /// <summary>Drops the tenant's run databases (<see cref="RunDatabasesAsync"/>) with what is in them; returns their names.</summary>
    public async Task<IReadOnlyList<string>> DropRunDatabasesAsync(Hs2Session session, CancellationToken ct = default)
    {
        var databases = await RunDatabasesAsync(session, ct);
        foreach (var db in databases)
            await session.ExecuteNonQueryAsync(ImpalaDdl.DropDatabase(db), null, ct);
        return databases;
    }

    /// <summary>The tenant's folder of the staging store; each run stages under a folder of its own inside it.</summary>
    public string StagingFolder => Tenant.Value;

    /// <summary>Drops one run's tables (a run that failed before it published).</summary>
    public async Task DropRunAsync(Hs2Session session, long runId, CancellationToken ct = default)
    {
        foreach (var view in Views)
            await session.ExecuteNonQueryAsync(ImpalaDdl.DropTable(Database, RunTable(view, runId)), null, ct);
    }

    /// <summary>A run table of one of the <see cref="Views"/>: group 2 is its run.</summary>
    static readonly Regex RunTableName = new($@"^({string.Join("|", Views.Select(Regex.Escape))})_r(\d+)$", RegexOptions.Compiled);
}

/// <summary>The cluster holds no attribution for the tenant: permanent until attribute runs again.</summary>
public sealed class ClusterAttributionMissingException(string message) : BadInputException(message);
