using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator.Cycle;

/// <summary>A run closed because its owner stopped renewing its lease.</summary>
public sealed record ExpiredRun(long RunId, string TenantId, string Owner, DateTime LastHeartbeat)
{
    public string Reason => RunLeases.Reason(Owner, LastHeartbeat);
}

/// <summary>
/// The owner's lease on a running run (<c>runs.owner</c>, <c>heartbeat_at</c>, <c>lease_until</c>):
/// the process running a cycle renews it every <see cref="SchedulerSettings.HeartbeatInterval"/>;
/// anyone who reads runs closes those whose lease passed (<see cref="ExpireStale"/>) as
/// <c>abandoned</c>, ending them and their open step at the last heartbeat, so the history shows
/// when the owner really stopped rather than a duration that keeps counting.
/// </summary>
public sealed class RunLeases(string controlConnectionString, SchedulerSettings scheduler)
{
    static readonly NLog.Logger Log = NLog.LogManager.GetCurrentClassLogger();

    /// <summary>The owner an inline (console) run records: no node, so the host and pid that run it.</summary>
    public static string InlineOwner => $"inline:{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>
    /// SQL: the run (alias <paramref name="r"/>) has lost its owner — its lease passed, or it never took one
    /// (a run from before leases, or whose owner died between start and lease) and started a lease ago.
    /// Needs the parameter <c>@leaseMicros</c> (<see cref="LeaseMicros"/>).
    /// </summary>
    public static string ExpiredSql(string r) =>
        $"({r}.lease_until < UTC_TIMESTAMP(6) OR {r}.lease_until IS NULL AND {r}.started_at < UTC_TIMESTAMP(6) - INTERVAL @leaseMicros MICROSECOND)";

    public long LeaseMicros => Micros(scheduler.RunLease);

    public static string Reason(string owner, DateTime lastHeartbeat) => $"owner {owner} stopped renewing at {lastHeartbeat:yyyy-MM-dd HH:mm:ss} UTC";

    MySqlConnection Open()
    {
        var c = new MySqlConnection(controlConnectionString);
        c.Open();
        return c;
    }

    /// <summary>Takes the lease on a run that just started.</summary>
    public void Take(long runId, string owner)
    {
        using var c = Open();
        c.Execute("""
            UPDATE runs SET owner = @owner, heartbeat_at = UTC_TIMESTAMP(6), lease_until = UTC_TIMESTAMP(6) + INTERVAL @lease MICROSECOND
            WHERE run_id = @runId
            """, new { runId, owner, lease = Micros(scheduler.RunLease) });
    }

    /// <summary>
    /// Renews the lease of a run still running. Never throws: a control database that is down does
    /// not stop the cycle, which renews at its next heartbeat; a run already closed stays closed.
    /// </summary>
    public void Renew(long runId)
    {
        try
        {
            using var c = Open();
            c.Execute("""
                UPDATE runs SET heartbeat_at = UTC_TIMESTAMP(6), lease_until = UTC_TIMESTAMP(6) + INTERVAL @lease MICROSECOND
                WHERE run_id = @runId AND status = 'running'
                """, new { runId, lease = Micros(scheduler.RunLease) });
        }
        catch (Exception e)
        {
            Log.Warn("run {run}: could not renew its lease (the cycle goes on and renews at the next heartbeat): {error}", runId, Secrets.MaskPasswords(e.Message));
        }
    }

    /// <summary>Closes every running run (of one tenant, or all) whose lease has passed; returns them.</summary>
    public IReadOnlyList<ExpiredRun> ExpireStale(TenantId? tenant = null)
    {
        using var c = Open();
        // A plain read, then each close re-checks the lease on the run's own row: no range locks on runs
        // that would make every reader of runs wait on (or deadlock with) the runs being started.
        var candidates = c.Query<ExpiredRun>($"""
            SELECT run_id AS RunId, tenant_id AS TenantId, COALESCE(owner, node, '?') AS Owner,
                   COALESCE(heartbeat_at, started_at) AS LastHeartbeat
            FROM runs r WHERE status = 'running' AND {ExpiredSql("r")} {(tenant is null ? "" : "AND tenant_id = @t")}
            """, new { t = tenant?.Value, leaseMicros = LeaseMicros }).ToList();
        var expired = candidates.Where(run => Close(c, run.RunId, RunStatus.Abandoned, run.Reason, onlyIfExpiredFor: LeaseMicros)).ToList();
        foreach (var run in expired) Log.Warn("run {run} of {tenant} abandoned: {reason}", run.RunId, run.TenantId, run.Reason);
        return expired;
    }

    /// <summary>
    /// Ends a run whose owner is gone (a lost node whose firing another node recovered) with its
    /// open step, at its owner's last sign of life: its last heartbeat or the start of a later step.
    /// </summary>
    public void CloseLost(long runId, RunStatus status, string reason)
    {
        using var c = Open();
        Close(c, runId, status, reason, onlyIfExpiredFor: null);
    }

    static bool Close(MySqlConnection c, long runId, RunStatus status, string reason, long? onlyIfExpiredFor)
    {
        using var tx = c.BeginTransaction();
        // The owner's last sign of life: its last heartbeat, or a step it started after that.
        var end = c.ExecuteScalar<DateTime?>("""
            SELECT GREATEST(COALESCE(r.heartbeat_at, r.started_at, r.queued_at), COALESCE(MAX(s.started_at), r.queued_at))
            FROM runs r LEFT JOIN run_steps s ON s.run_id = r.run_id WHERE r.run_id = @runId GROUP BY r.run_id
            """, new { runId }, tx);
        var param = new { runId, status = status.ToDbValue(), stepStatus = StepStatusText.ForLostRun(status).ToDbValue(), end, reason = Secrets.MaskPasswords(reason), leaseMicros = onlyIfExpiredFor ?? 0 };
        var closed = c.Execute($"""
            UPDATE runs r SET status = @status, error = @reason, ended_at = @end
            WHERE run_id = @runId AND status IN ('queued', 'running') {(onlyIfExpiredFor is null ? "" : "AND " + ExpiredSql("r"))}
            """, param, tx);
        if (closed == 0) return false; // renewed or ended meanwhile
        c.Execute("UPDATE run_steps SET status = @stepStatus, error = @reason, ended_at = @end WHERE run_id = @runId AND status = 'running'", param, tx);
        tx.Commit();
        return true;
    }

    static long Micros(TimeSpan span) => (long)span.TotalMicroseconds;
}
