using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;

namespace BrightFunnel.Warehouse.Orchestrator.Engines;

/// <summary>
/// The aggregate step's pair-grain part: fills the seven analytics work tables (migration 0008)
/// for the scopes in <c>an_filter_scopes_next</c>, on the tenant connection that wrote them,
/// wherever the pairs live. <c>an_build_analytics</c> composes every an_* table from those tables alone.
/// </summary>
public interface IAnalyticsWorkBuilder
{
    void Build(MySqlConnection tenant, CancellationToken cancel);
}
