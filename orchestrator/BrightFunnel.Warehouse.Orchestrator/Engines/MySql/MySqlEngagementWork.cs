using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Cycle;

namespace BrightFunnel.Warehouse.Orchestrator.Engines.MySql;

/// <summary>Engine mysql: <c>an_build_engagement</c> reduces the touches, people and opportunities where they are.</summary>
public sealed class MySqlEngagementWork : IEngagementWork
{
    public EngagementBuilt Build(MySqlConnection tenant, long runId, CancellationToken cancel)
    {
        CancellableSql.Execute(tenant, CancellableSql.InMemory + "CALL an_build_engagement()", null, cancel);
        var (weeks, spikes, last) = tenant.QuerySingle<(long, long, DateTime?)>(
            "SELECT (SELECT COUNT(*) FROM an_account_weeks_next), (SELECT COUNT(*) FROM an_account_spikes_next), (SELECT MAX(week_start) FROM an_account_weeks_next WHERE points > 0)");
        return new EngagementBuilt(weeks, spikes, "the tenant database", last is { } d ? DateOnly.FromDateTime(d) : null);
    }
}
