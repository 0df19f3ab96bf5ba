using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Engines.MySql;

/// <summary>
/// Engine mysql: <c>at_build_attribution()</c> builds paths, credits and unattributed
/// opportunities into shadow tables, checks the invariant and swaps them in; the pairs stay in the
/// tenant database's <c>at_paths</c>, where <c>an_build_work</c> aggregates them.
/// </summary>
/// <param name="runId">The run at_build_info names as the builder (null outside a run).</param>
public sealed class MySqlAttributionEngine(string tenantConnectionString, long? runId = null) : IAttributionEngine
{
    public string Name => AttributionEngines.MySql;

    public AttributionBuilt Attribute(CancellationToken cancel = default)
    {
        using var connection = DbConnections.Tenant(tenantConnectionString);
        FaultPoints.Reach(FaultPoints.AttributeSwap);
        CancellableSql.Execute(connection, "CALL at_build_attribution(@runId)", new { runId }, cancel);
        return new AttributionBuilt(connection.ExecuteScalar<long>("SELECT credit_rows FROM at_build_info WHERE id = 1"), $"engine {Name}");
    }

    public IAnalyticsWorkBuilder AnalyticsWork() => new MySqlAnalyticsWork();

    public Task<IReadOnlyList<AttributionPair>> ReadPairsAsync(string? opportunityId, string? stage, CancellationToken ct = default) =>
        new MySqlPairs(tenantConnectionString).ReadAsync(opportunityId, stage, ct);

    public Task<IReadOnlyList<UnattributedRow>> ReadUnattributedAsync(string? opportunityId, CancellationToken ct = default) =>
        new MySqlPairs(tenantConnectionString).UnattributedAsync(opportunityId, ct);

    public string Describe(AttributionBuildInfo inForce) => "MySQL (at_paths)";

    /// <summary>Nothing of its own: its shadow tables are the tenant database's, which every step's sweep covers (<see cref="RunLeftovers"/>).</summary>
    public Task<IReadOnlyList<Leftover>> SweepAsync(AttributionBuildInfo? inForce, bool configured, bool dryRun, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<Leftover>>([]);
}
