using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Scheduling;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Runs;

public sealed record RunRecord(long RunId, string TenantId, string TriggerKind, long? RetryOf, string? FromStep, string? OnlyStep, string? Engine,
    string? Node, RunStatus Status, bool CancelRequested, DateTime QueuedAt, DateTime? StartedAt, DateTime? EndedAt, string? Error,
    bool AllowEmpty = false, string? Owner = null, DateTime? HeartbeatAt = null)
{
    public bool Ended => Status.HasEnded();

    public bool Succeeded => Status == RunStatus.Succeeded;

    /// <summary>Every selected step ran: a success, or a run whose ingest found no exports (see <see cref="RunStatus.NoExports"/>).</summary>
    public bool Completed => Status.IsCompleted();
}

public sealed record RunLogLine(DateTime LoggedAt, string Level, string? Step, string Message);

public sealed record StepRecord(long RunId, string Step, StepStatus Status, DateTime StartedAt, DateTime? EndedAt, long? RowCount, string? Detail, string? Error);

/// <summary>
/// Every statement on the run tables of <c>bf_control</c> (<c>runs</c>, <c>run_steps</c>,
/// <c>run_connections</c>, <c>run_logs</c>' reads): the step-level story of every run (here), the
/// owner's lease on a running run (<c>RunStore.Leases.cs</c>), and the bookkeeping recovery, gc,
/// status and tenant removal read and write (<c>RunStore.Bookkeeping.cs</c>). Statuses travel as
/// parameters from <see cref="RunStatus"/> and <see cref="StepStatus"/>, never as literals.
/// </summary>
/// <param name="scheduler">The lease a run holds. A store not told it (history and bookkeeping
/// alone) never judges a lease: its reads expire nothing and it takes or renews none.</param>
public sealed partial class RunStore(string controlConnectionString, SchedulerSettings? scheduler = null)
{
    static readonly NLog.Logger Log = NLog.LogManager.GetCurrentClassLogger();

    static readonly string Running = RunStatus.Running.ToDbValue(), Queued = RunStatus.Queued.ToDbValue();

    MySqlConnection Open() => DbConnections.Control(controlConnectionString);

    /// <summary>Why a run was started, as <c>runs.trigger_kind</c> records it.</summary>
    public const string ScheduleTrigger = "schedule", ConsoleTrigger = "console", RetryTrigger = "retry";


    /// <param name="allowEmpty">canonical tables may come out empty where they had rows (<c>bfw run --allow-empty</c>).</param>
    public long Queue(TenantId tenant, string trigger, string? from, string? only, string? engine, long? retryOf = null, bool allowEmpty = false)
    {
        using var c = Open();
        return c.ExecuteScalar<long>("""
            INSERT INTO runs (tenant_id, trigger_kind, retry_of, from_step, only_step, engine, allow_empty, status)
            VALUES (@t, @trigger, @retryOf, @from, @only, @engine, @allowEmpty, @queued);
            SELECT LAST_INSERT_ID();
            """, new { t = tenant.Value, trigger, retryOf, from, only, engine, allowEmpty, queued = RunStatus.Queued.ToDbValue() });
    }

    public void Start(long runId, string node)
    {
        using var c = Open();
        c.Execute("UPDATE runs SET status = @running, node = @node, started_at = UTC_TIMESTAMP(6) WHERE run_id = @runId",
            new { runId, node, running = RunStatus.Running.ToDbValue() });
    }

    /// <summary>Ends a run that no owner is running (queued, skipped, or closed by the node on its behalf).</summary>
    public void Finish(long runId, RunStatus status, string? error)
    {
        using var c = Open();
        c.Execute("UPDATE runs SET status = @status, error = @error, ended_at = UTC_TIMESTAMP(6) WHERE run_id = @runId",
            new { runId, status = status.ToDbValue(), error = error is null ? null : Secrets.MaskPasswords(error) });
    }

    // The history writes of a running run go through its token (HeldSql): a run closed as
    // abandoned or superseded keeps the end it was given, whatever its owner says when it wakes.

    /// <summary>Ends the token's run; false (nothing written) when the run no longer holds its lease.</summary>
    public bool Finish(RunToken token, RunStatus status, string? error)
    {
        using var c = Open();
        return c.Execute($"UPDATE runs r SET status = @status, error = @error, ended_at = UTC_TIMESTAMP(6) WHERE {HeldSql("r")}",
            new { fenceRun = token.RunId, fenceEpoch = token.Epoch, runStatus = Running, status = status.ToDbValue(), error = error is null ? null : Secrets.MaskPasswords(error) }) > 0;
    }

    /// <summary>Records a step's start; false (nothing written) when the run no longer holds its lease.</summary>
    public bool StepStarted(RunToken token, string step)
    {
        using var c = Open();
        return c.Execute($"""
            INSERT INTO run_steps (run_id, step, status, started_at)
            SELECT r.run_id, @step, @running, UTC_TIMESTAMP(6) FROM runs r WHERE {HeldSql("r")}
            ON DUPLICATE KEY UPDATE status = @running, started_at = UTC_TIMESTAMP(6), ended_at = NULL, row_count = NULL, detail = NULL, error = NULL
            """, new { fenceRun = token.RunId, fenceEpoch = token.Epoch, runStatus = Running, step, running = StepStatus.Running.ToDbValue() }) > 0;
    }

    /// <summary>Records a step's end; false (nothing written) when the run no longer holds its lease.</summary>
    public bool StepEnded(RunToken token, string step, StepStatus status, long? rows, string? detail, string? error)
    {
        using var c = Open();
        return c.Execute($"""
            UPDATE run_steps s JOIN runs r ON r.run_id = s.run_id
            SET s.status = @status, s.ended_at = UTC_TIMESTAMP(6), s.row_count = @rows, s.detail = @detail, s.error = @error
            WHERE s.step = @step AND {HeldSql("r")}
            """, new { fenceRun = token.RunId, fenceEpoch = token.Epoch, runStatus = Running, step, status = status.ToDbValue(), rows, detail,
            error = error is null ? null : Secrets.MaskPasswords(error) }) > 0;
    }

    public void RequestCancel(long runId)
    {
        using var c = Open();
        if (c.Execute("UPDATE runs SET cancel_requested = 1 WHERE run_id = @runId AND status IN (@queued, @running)",
                new { runId, queued = RunStatus.Queued.ToDbValue(), running = RunStatus.Running.ToDbValue() }) == 0)
            throw new BadInputException($"run {runId} is not queued or running");
    }

    public bool CancelRequested(long runId)
    {
        using var c = Open();
        return c.ExecuteScalar<bool>("SELECT cancel_requested FROM runs WHERE run_id = @runId", new { runId });
    }

    const string SelectRuns = """
        SELECT run_id AS RunId, tenant_id AS TenantId, trigger_kind AS TriggerKind, retry_of AS RetryOf, from_step AS FromStep, only_step AS OnlyStep,
               engine AS Engine, node AS Node, status AS Status, cancel_requested AS CancelRequested, queued_at AS QueuedAt,
               started_at AS StartedAt, ended_at AS EndedAt, error AS Error, allow_empty AS AllowEmpty, owner AS Owner, heartbeat_at AS HeartbeatAt
        FROM runs
        """;

    // The reads below close the runs whose owner is gone first (ExpireStale), so what they show as
    // running has an owner renewing it; no caller has to remember to.

    public RunRecord Get(long runId)
    {
        ExpireStale();
        using var c = Open();
        return c.QuerySingleOrDefault<RunRow>(SelectRuns + " WHERE run_id = @runId", new { runId })?.ToRecord()
               ?? throw new BadInputException($"no run {runId}");
    }

    public IReadOnlyList<RunRecord> Recent(TenantId? tenant, int limit)
    {
        ExpireStale(tenant);
        using var c = Open();
        return c.Query<RunRow>(SelectRuns + (tenant is null ? "" : " WHERE tenant_id = @t") + " ORDER BY run_id DESC LIMIT @limit",
            new { t = tenant?.Value, limit }).Select(r => r.ToRecord()).ToList();
    }

    /// <summary>Every attempt of one request or occurrence: the run itself and the retries that repeat it, oldest first.</summary>
    public IReadOnlyList<RunRecord> Attempts(long runId)
    {
        ExpireStale();
        using var c = Open();
        return c.Query<RunRow>(SelectRuns + " WHERE run_id = @runId OR retry_of = @runId ORDER BY run_id", new { runId }).Select(r => r.ToRecord()).ToList();
    }

    /// <summary>
    /// When the canonicalize step of the tenant's latest completed run (succeeded or no exports) other
    /// than <paramref name="self"/> started: raw data loaded before it was built by that run. Null when none.
    /// </summary>
    public DateTime? LastCanonicalizeStart(TenantId tenant, long self)
    {
        using var c = Open();
        return c.ExecuteScalar<DateTime?>("""
            SELECT MAX(s.started_at) FROM run_steps s JOIN runs r ON r.run_id = s.run_id
            WHERE r.tenant_id = @t AND r.run_id <> @self AND r.status IN @completed AND s.step = @step AND s.status = @succeeded
            """, new
        {
            t = tenant.Value, self, completed = new[] { RunStatus.Succeeded.ToDbValue(), RunStatus.NoExports.ToDbValue() },
            step = CycleSteps.Canonicalize, succeeded = StepStatus.Succeeded.ToDbValue(),
        });
    }

    /// <summary>The tenant's newest run started by its cron schedule, or null.</summary>
    public RunRecord? LatestScheduled(TenantId tenant)
    {
        ExpireStale(tenant);
        using var c = Open();
        return c.QuerySingleOrDefault<RunRow>(SelectRuns + " WHERE tenant_id = @t AND trigger_kind = @trigger ORDER BY run_id DESC LIMIT 1",
            new { t = tenant.Value, trigger = ScheduleTrigger })?.ToRecord();
    }

    public IReadOnlyList<RunLogLine> Logs(long runId)
    {
        using var c = Open();
        return c.Query<RunLogLine>("SELECT logged_at AS LoggedAt, level AS Level, step AS Step, message AS Message FROM run_logs WHERE run_id = @runId ORDER BY id",
            new { runId }).ToList();
    }

    public IReadOnlyList<StepRecord> Steps(long runId)
    {
        using var c = Open();
        return c.Query<StepRow>("""
            SELECT run_id AS RunId, step AS Step, status AS Status, started_at AS StartedAt, ended_at AS EndedAt, row_count AS RowCount,
                   detail AS Detail, error AS Error
            FROM run_steps WHERE run_id = @runId ORDER BY started_at
            """, new { runId }).Select(s => s.ToRecord()).ToList();
    }

    // The rows as the control database keeps them: statuses as strings, parsed once here.
    sealed record RunRow(long RunId, string TenantId, string TriggerKind, long? RetryOf, string? FromStep, string? OnlyStep, string? Engine,
        string? Node, string Status, bool CancelRequested, DateTime QueuedAt, DateTime? StartedAt, DateTime? EndedAt, string? Error,
        bool AllowEmpty, string? Owner, DateTime? HeartbeatAt)
    {
        public RunRecord ToRecord() => new(RunId, TenantId, TriggerKind, RetryOf, FromStep, OnlyStep, Engine, Node, RunStatusText.Parse(Status),
            CancelRequested, QueuedAt, StartedAt, EndedAt, Error, AllowEmpty, Owner, HeartbeatAt);
    }

    sealed record StepRow(long RunId, string Step, string Status, DateTime StartedAt, DateTime? EndedAt, long? RowCount, string? Detail, string? Error)
    {
        public StepRecord ToRecord() => new(RunId, Step, StepStatusText.Parse(Status), StartedAt, EndedAt, RowCount, Detail, Error);
    }
}
