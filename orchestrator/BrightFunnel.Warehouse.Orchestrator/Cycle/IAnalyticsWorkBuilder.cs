using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator.Cycle;

/// <summary>Fills the analytics work tables from the pairs, wherever they live (placeholder until the analytics branch lands).</summary>
public interface IAnalyticsWorkBuilder
{
    void Build(MySqlConnection tenant, CancellationToken cancel);
}
