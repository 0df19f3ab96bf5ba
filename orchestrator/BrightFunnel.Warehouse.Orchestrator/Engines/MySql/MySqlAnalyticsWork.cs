using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;

namespace BrightFunnel.Warehouse.Orchestrator.Engines.MySql;

/// <summary>Engine mysql: the pairs are in <c>at_paths</c>, and <c>an_build_work</c> aggregates them there.</summary>
public sealed class MySqlAnalyticsWork : IAnalyticsWorkBuilder
{
    public void Build(MySqlConnection tenant, CancellationToken cancel) =>
        // No split materialization: it can choose a LATERAL DERIVED plan many times slower (history.md, "split materialization").
        CancellableSql.Execute(tenant, "SET STATEMENT optimizer_switch = 'split_materialized=off' FOR CALL an_build_work()", null, cancel);
}
