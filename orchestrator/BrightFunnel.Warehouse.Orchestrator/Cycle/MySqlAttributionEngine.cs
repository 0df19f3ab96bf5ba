using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator.Cycle;

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
        using var connection = new MySqlConnection(tenantConnectionString);
        connection.Open();
        FaultPoints.Reach(FaultPoints.AttributeSwap);
        CancellableSql.Execute(connection, "CALL at_build_attribution(@runId)", new { runId }, cancel);
        return new AttributionBuilt(connection.ExecuteScalar<long>("SELECT credit_rows FROM at_build_info WHERE id = 1"), $"engine {Name}");
    }

    public IAnalyticsWorkBuilder AnalyticsWork() => new MySqlAnalyticsWork();
}
