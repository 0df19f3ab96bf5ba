using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Runs;

/// <summary>A run closed because its owner stopped renewing its lease.</summary>
public sealed record ExpiredRun(long RunId, string TenantId, string Owner, DateTime LastHeartbeat)
{
    public string Reason => RunStore.Reason(Owner, LastHeartbeat);
}

/// <summary>
/// The owner's lease on a running run (<c>runs.owner</c>, <c>heartbeat_at</c>, <c>lease_until</c>):
/// the process running a cycle renews it every <see cref="SchedulerSettings.HeartbeatInterval"/>;
/// the store's reads close those whose lease passed (<see cref="ExpireStale"/>) as
/// <c>abandoned</c>, ending them and their open step at the last heartbeat, so the history shows
/// when the owner really stopped rather than a duration that keeps counting. The one place a run is
/// marked abandoned is <see cref="Close"/>.
/// </summary>
public sealed partial class RunStore
{
    /// <summary>The owner an inline (console) run records: no node, so the host and pid that run it.</summary>
    public static string InlineOwner => $"inline:{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>
    /// SQL: the run (alias <paramref name="r"/>) has lost its owner — its lease passed, or it never took one
    /// (a run from before leases, or whose owner died between start and lease) and started a lease ago.
    /// Needs the parameter <c>@leaseMicros</c> (<see cref="LeaseMicros"/>).
    /// </summary>
    public static string ExpiredSql(string r) =>
        $"({r}.lease_until < UTC_TIMESTAMP(6) OR {r}.lease_until IS NULL AND {r}.started_at < UTC_TIMESTAMP(6) - INTERVAL @leaseMicros MICROSECOND)";

    public long LeaseMicros => Micros(Lease);

    TimeSpan Lease => scheduler?.RunLease ?? throw new InvalidOperationException("this run store was not told the run lease");

    public static string Reason(string owner, DateTime lastHeartbeat) => $"owner {owner} stopped renewing at {lastHeartbeat:yyyy-MM-dd HH:mm:ss} UTC";


    /// <summary>
    /// Takes the lease on a run that just started, holding the tenant's lock on connection
    /// <paramref name="lockConnection"/>: the run's token is one epoch more than any run of the
    /// tenant before it (the caller holds the tenant lock, so no other run takes one meanwhile).
    /// </summary>
    public RunToken Take(long runId, string owner, TenantId tenant, long lockConnection)
    {
        using var c = Open();
        using var tx = c.BeginTransaction();
        var epoch = c.ExecuteScalar<long>("SELECT COALESCE(MAX(lease_epoch), 0) + 1 FROM runs WHERE tenant_id = @t", new { t = tenant.Value }, tx);
        c.Execute("""
            UPDATE runs SET owner = @owner, heartbeat_at = UTC_TIMESTAMP(6), lease_until = UTC_TIMESTAMP(6) + INTERVAL @lease MICROSECOND,
                            lease_epoch = @epoch, lock_connection = @lockConnection
            WHERE run_id = @runId
            """, new { runId, owner, lease = Micros(Lease), epoch, lockConnection }, tx);
        tx.Commit();
        return new RunToken(runId, epoch);
    }

    /// <summary>
    /// SQL: the run (alias <paramref name="r"/>) still belongs to the token in <c>@fenceRun</c> /
    /// <c>@fenceEpoch</c> : running (<c>@runStatus</c>), with that epoch, its lease not passed.
    /// Every history write of a run carries it, so a run closed as abandoned (or superseded) stays as it was closed.
    /// </summary>
    public static string HeldSql(string r) =>
        $"({r}.run_id = @fenceRun AND {r}.status = @runStatus AND {r}.lease_epoch = @fenceEpoch AND {r}.lease_until >= UTC_TIMESTAMP(6))";

    /// <summary>
    /// Renews the lease of a run the token still holds; false when it does not (closed, superseded,
    /// or its lease passed before this renewal). A control database that is down throws.
    /// </summary>
    public bool Renew(RunToken token)
    {
        using var c = Open();
        return c.Execute($"""
            UPDATE runs r SET heartbeat_at = UTC_TIMESTAMP(6), lease_until = UTC_TIMESTAMP(6) + INTERVAL @lease MICROSECOND
            WHERE {HeldSql("r")}
            """, new { fenceRun = token.RunId, fenceEpoch = token.Epoch, runStatus = Running, lease = Micros(Lease) }) > 0;
    }

    /// <summary>
    /// Closes every other run of the tenant still marked running when <paramref name="runId"/> has
    /// taken the tenant's lock: their owners lost it (a dropped or killed lock connection), and the
    /// new run's claim fences them, so the history says so now rather than after their lease.
    /// </summary>
    public IReadOnlyList<long> Supersede(TenantId tenant, long runId)
    {
        using var c = Open();
        var others = c.Query<long>("SELECT run_id FROM runs WHERE tenant_id = @t AND status = @running AND run_id <> @runId",
            new { t = tenant.Value, runId, running = Running }).ToList();
        var closed = others.Where(other => Close(c, other, RunStatus.Abandoned,
            $"superseded by run {runId}: its owner no longer held the tenant lock", onlyIfExpiredFor: null)).ToList();
        foreach (var other in closed) Log.Warn("run {run} of {tenant} abandoned: superseded by run {by}", other, tenant, runId);
        return closed;
    }

    /// <summary>Closes every running run (of one tenant, or all) whose lease has passed; returns them.</summary>
    public IReadOnlyList<ExpiredRun> ExpireStale(TenantId? tenant = null)
    {
        if (scheduler is null) return [];
        using var c = Open();
        // A plain read, then each close re-checks the lease on the run's own row: no range locks on runs
        // that would make every reader of runs wait on (or deadlock with) the runs being started.
        var candidates = c.Query<ExpiredRun>($"""
            SELECT run_id AS RunId, tenant_id AS TenantId, COALESCE(owner, node, '?') AS Owner,
                   COALESCE(heartbeat_at, started_at) AS LastHeartbeat
            FROM runs r WHERE status = @running AND {ExpiredSql("r")} {(tenant is null ? "" : "AND tenant_id = @t")}
            """, new { t = tenant?.Value, leaseMicros = LeaseMicros, running = Running }).ToList();
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
        var param = new { runId, status = status.ToDbValue(), stepStatus = StepStatusText.ForLostRun(status).ToDbValue(), end, reason = Secrets.MaskPasswords(reason),
            leaseMicros = onlyIfExpiredFor ?? 0, queued = Queued, running = Running, stepRunning = StepStatus.Running.ToDbValue() };
        var closed = c.Execute($"""
            UPDATE runs r SET status = @status, error = @reason, ended_at = @end
            WHERE run_id = @runId AND status IN (@queued, @running) {(onlyIfExpiredFor is null ? "" : "AND " + ExpiredSql("r"))}
            """, param, tx);
        if (closed == 0) return false; // renewed or ended meanwhile
        c.Execute("UPDATE run_steps SET status = @stepStatus, error = @reason, ended_at = @end WHERE run_id = @runId AND status = @stepRunning", param, tx);
        tx.Commit();
        FreeTenantLock(c, runId);
        return true;
    }

    /// <summary>
    /// The tenant follows the lease: a closed run's owner may still live (stalled, not dead) and
    /// hold the tenant's lock on its control connection, which would skip every new run. Kill that
    /// connection if it still holds the lock; the owner, if it ever wakes, finds itself fenced.
    /// </summary>
    static void FreeTenantLock(MySqlConnection c, long runId)
    {
        try
        {
            var held = c.QuerySingleOrDefault<(string Tenant, long? Connection)>(
                "SELECT tenant_id, lock_connection FROM runs WHERE run_id = @runId", new { runId });
            if (held.Connection is not { } connection) return;
            if (c.ExecuteScalar<long?>("SELECT IS_USED_LOCK(@name)", new { name = TenantCycleLock.Name(held.Tenant) }) != connection) return;
            c.Execute($"KILL CONNECTION {connection}");
            Log.Warn("run {run}: freed the lock of tenant {tenant} its owner still held (connection {connection})", runId, held.Tenant, connection);
        }
        catch (MySqlException e) when (e.Number == 1094) { } // gone meanwhile (unknown thread id)
    }

    static long Micros(TimeSpan span) => (long)span.TotalMicroseconds;
}
