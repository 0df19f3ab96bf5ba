using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Cycle;

namespace BrightFunnel.Warehouse.Orchestrator.Engines.MySql;

/// <summary>Engine mysql: <c>an_build_engagement</c> reduces the touches, people and opportunities where they are.</summary>
public sealed class MySqlEngagementWork : IEngagementWork
{
    public EngagementBuilt Build(MySqlConnection tenant, long runId, DateOnly runDate, CancellationToken cancel)
    {
        CancellableSql.Execute(tenant, EngageStep.InMemory + "CALL an_build_engagement(@runId, @runDate)",
            new { runId, runDate = runDate.ToDateTime(TimeOnly.MinValue) }, cancel);
        var (weeks, spikes) = tenant.QuerySingle<(long, long)>(
            "SELECT (SELECT COUNT(*) FROM an_account_weeks), (SELECT COUNT(*) FROM an_account_spikes)");
        return new EngagementBuilt(weeks, spikes, "the tenant database");
    }
}
