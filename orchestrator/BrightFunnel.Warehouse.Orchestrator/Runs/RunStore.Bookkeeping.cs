using System.Data;
using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Scheduling;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Runs;

/// <summary>
/// The run-table statements of recovery and upkeep: the connections a run sends statements on
/// (<see cref="RunConnections"/>), what gc asks before it touches a tenant (<see cref="RunLeftovers"/>),
/// what <c>bfw status</c> counts, and what removing a tenant does to its runs.
/// </summary>
public sealed partial class RunStore
{
    /// <summary>Records a tenant-server connection a run sends statements on.</summary>
    public void RecordConnection(long runId, string server, long connectionId)
    {
        using var c = Open();
        c.Execute("INSERT IGNORE INTO run_connections (run_id, server, connection_id) VALUES (@runId, @server, @connectionId)",
            new { runId, server, connectionId });
    }

    /// <summary>Forgets the connections of runs that ended (their statements ended with them, or were killed).</summary>
    public void ForgetConnections(IEnumerable<long> runIds)
    {
        using var c = Open();
        c.Execute("DELETE FROM run_connections WHERE run_id IN @runs", new { runs = runIds.Distinct().ToList() });
    }

    /// <summary>The connections on <paramref name="server"/> that ended runs of the tenant recorded (not <paramref name="self"/>'s).</summary>
    public IReadOnlyList<(long RunId, long ConnectionId, DateTime RecordedAt)> ConnectionsOfEndedRuns(TenantId tenant, string server, long? self)
    {
        using var c = Open();
        return c.Query<(long, long, DateTime)>("""
            SELECT rc.run_id, rc.connection_id, rc.recorded_at FROM run_connections rc JOIN runs r ON r.run_id = rc.run_id
            WHERE r.tenant_id = @t AND r.status <> @running AND rc.server = @server AND r.run_id <> @self
            """, new { t = tenant.Value, server, self = self ?? 0, running = Running }).ToList();
    }

    /// <summary>A run of the tenant other than <paramref name="self"/> whose owner still renews its lease, or null.</summary>
    public long? LiveRun(TenantId tenant, long? self)
    {
        using var c = Open();
        return c.QueryFirstOrDefault<long?>($"""
            SELECT run_id FROM runs r
            WHERE tenant_id = @t AND status = @running AND NOT {ExpiredSql("r")} AND run_id <> @self
            ORDER BY run_id LIMIT 1
            """, new { t = tenant.Value, self = self ?? 0, leaseMicros = LeaseMicros, running = Running });
    }

    /// <summary>The tenant's runs marked running, oldest first.</summary>
    public IReadOnlyList<long> RunningRuns(TenantId tenant)
    {
        using var c = Open();
        return c.Query<long>("SELECT run_id FROM runs WHERE tenant_id = @t AND status = @running ORDER BY run_id",
            new { t = tenant.Value, running = Running }).ToList();
    }

    /// <summary>Cancels the tenant's queued runs, in the caller's transaction; returns how many.</summary>
    public static Task<int> CancelQueuedAsync(MySqlConnection c, IDbTransaction tx, TenantId tenant, string reason) =>
        c.ExecuteAsync("UPDATE runs SET status = @cancelled, ended_at = UTC_TIMESTAMP(6), error = @reason WHERE tenant_id = @t AND status = @queued",
            new { t = tenant.Value, reason, cancelled = RunStatus.Cancelled.ToDbValue(), queued = Queued }, tx);

    /// <summary>Deletes the tenant's run history (logs, steps, runs), in the caller's transaction; returns the runs deleted.</summary>
    public static async Task<int> PurgeAsync(MySqlConnection c, IDbTransaction tx, TenantId tenant)
    {
        var t = new { t = tenant.Value };
        await c.ExecuteAsync("DELETE FROM run_logs WHERE run_id IN (SELECT run_id FROM runs WHERE tenant_id = @t)", t, tx);
        await c.ExecuteAsync("DELETE FROM run_steps WHERE run_id IN (SELECT run_id FROM runs WHERE tenant_id = @t)", t, tx);
        return await c.ExecuteAsync("DELETE FROM runs WHERE tenant_id = @t", t, tx);
    }

    /// <summary>Per pod: its tenants, live and queued runs, its last cycle's end, and the last day's failures and empty ingests.</summary>
    public IReadOnlyList<PodStatus> PodActivity()
    {
        ExpireStale();
        using var c = Open();
        return c.Query<PodStatus>($"""
            SELECT p.pod_name AS Pod, p.max_concurrent AS MaxConcurrent,
                   (SELECT COUNT(*) FROM tenants t WHERE t.pod_name = p.pod_name) AS Tenants,
                   COUNT(CASE WHEN r.status = @running AND NOT {ExpiredSql("r")} THEN 1 END) AS Running,
                   COUNT(CASE WHEN r.status = @queued THEN 1 END) AS Queued,
                   MAX(CASE WHEN r.status IN @ended THEN r.ended_at END) AS LastCycleEndUtc,
                   COUNT(CASE WHEN r.status IN @failures AND r.ended_at >= UTC_TIMESTAMP(6) - INTERVAL 1 DAY THEN 1 END) AS FailuresLast24h,
                   COUNT(CASE WHEN r.status = @noExports AND r.ended_at >= UTC_TIMESTAMP(6) - INTERVAL 1 DAY THEN 1 END) AS NoExportsLast24h
            FROM pods p
            LEFT JOIN tenants t ON t.pod_name = p.pod_name
            LEFT JOIN runs r ON r.tenant_id = t.tenant_id
            GROUP BY p.pod_name, p.max_concurrent
            ORDER BY p.pod_name
            """, new
        {
            leaseMicros = LeaseMicros, running = Running, queued = Queued, noExports = RunStatus.NoExports.ToDbValue(),
            ended = new[] { RunStatus.Succeeded, RunStatus.NoExports, RunStatus.Failed, RunStatus.Cancelled, RunStatus.Abandoned }.Select(s => s.ToDbValue()).ToList(),
            failures = new[] { RunStatus.Failed, RunStatus.Abandoned }.Select(s => s.ToDbValue()).ToList(),
        }).ToList();
    }
}
