using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Migrations;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Engines.MySql;

/// <summary>
/// Engine mysql: <c>at_build_attribution()</c> builds paths, credits and unattributed
/// opportunities into shadow tables; the shares invariant both engines check
/// (<c>sql/shared/at_credits_invariant.sql</c>) runs on them; then <c>at_swap_attribution</c> swaps
/// them in, fenced. The pairs stay in the tenant database's <c>at_paths</c>, where
/// <c>an_build_work</c> aggregates them. A failure before the swap leaves the previous attribution in place.
/// </summary>
/// <param name="runId">The run at_build_info names as the builder (null outside a run).</param>
/// <param name="sqlRoot">Where <c>shared/</c> is; the build's own <c>sql/</c> by default.</param>
public sealed class MySqlAttributionEngine(string tenantConnectionString, long? runId = null, string? sqlRoot = null) : IAttributionEngine
{
    public string Name => AttributionEngines.MySql;

    public AttributionBuilt Attribute(CancellationToken cancel = default)
    {
        using var connection = DbConnections.Tenant(tenantConnectionString);
        CancellableSql.Execute(connection, "CALL at_build_attribution()", null, cancel);
        var shared = EngineScripts.Shared(sqlRoot ?? WarehouseSettings.DefaultSqlRoot, () => ModelTemplate.Read(connection));
        var relations = new Dictionary<string, string>
        {
            ["paths"] = "at_paths_next",
            ["position_weights"] = "at_position_weights_next",
            ["models"] = "(SELECT value AS model FROM cfg_tenant_list WHERE list_name = 'models')",
        };
        var bad = CancellableSql.QueryFirstOrDefault<(string Opportunity, string Stage, string Model, double Sum)?>(
            connection, shared.Statement(EngineScripts.InvariantCheck, relations), null, cancel);
        if (bad is { } row) throw AttributionInvariantException.Broken([row.Opportunity, row.Stage, row.Model, row.Sum], shared);
        FaultPoints.Reach(FaultPoints.AttributeSwap);
        CancellableSql.Execute(connection, "CALL at_swap_attribution('mysql', @runId)", new { runId }, cancel);
        return new AttributionBuilt(connection.ExecuteScalar<long>("SELECT credit_rows FROM at_build_info WHERE id = 1"), $"engine {Name}");
    }

    public IAnalyticsWorkBuilder AnalyticsWork() => new MySqlAnalyticsWork();

    public IEngagementWork EngagementWork() => new MySqlEngagementWork();

    /// <summary>None: the web events live only on the cluster.</summary>
    public WebActivityOffload? WebActivity() => null;

    public Task<IReadOnlyList<AttributionPair>> ReadPairsAsync(string? opportunityId, string? stage, CancellationToken ct = default) =>
        new MySqlPairs(tenantConnectionString).ReadAsync(opportunityId, stage, ct);

    public Task<IReadOnlyList<UnattributedRow>> ReadUnattributedAsync(string? opportunityId, CancellationToken ct = default) =>
        new MySqlPairs(tenantConnectionString).UnattributedAsync(opportunityId, ct);

    public string Describe(AttributionBuildInfo inForce) => "MySQL (at_paths)";

    /// <summary>Nothing of its own: its shadow tables are the tenant database's, which every step's sweep covers (<see cref="RunLeftovers"/>).</summary>
    public Task<IReadOnlyList<Leftover>> SweepAsync(AttributionBuildInfo? inForce, bool configured, bool dryRun, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<Leftover>>([]);
}
