using BrightFunnel.Warehouse.Orchestrator.Filters;
using MySql.Data.MySqlClient;
using NLog;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Cycle;

/// <summary>How a run ended; <see cref="Transient"/> says whether trying again may help.</summary>
public sealed record CycleOutcome(long RunId, RunStatus Status, string? Error, bool Transient)
{
    /// <summary>The run lost its lease while its owner ran it: <see cref="Error"/> says when, and nothing after that was written.</summary>
    public bool LeaseLost { get; init; }

    public bool Succeeded => Status == RunStatus.Succeeded;

    /// <summary>Every selected step ran (<see cref="RunStatusText.IsCompleted"/>).</summary>
    public bool Completed => Status.IsCompleted();
}

/// <summary>
/// Runs one queued run of a tenant's data cycle: the selected steps (<see cref="CycleSteps.Select"/>)
/// in order, each recorded in <c>run_steps</c> by <see cref="StepRecorder"/>, under a per-tenant lock, polling the run's cancel
/// flag between and inside steps. A failed or cancelled step leaves the last good results in
/// place, because every step swaps in complete tables only at its end. The run's owner
/// (<paramref name="owner"/>, by default the node) renews its lease while it runs
/// (<see cref="RunStore"/>), and before any work the cycle removes what dead runs of the tenant left
/// (<see cref="RunLeftovers"/>).
/// </summary>
public sealed class DataCycle(WarehouseSettings settings, string node, string? owner = null)
{
    static readonly Logger Log = LogManager.GetCurrentClassLogger();
    public static readonly TimeSpan CancelPollInterval = TimeSpan.FromSeconds(1);

    readonly RunStore history = new(settings.Control.ConnectionString, settings.Scheduler);
    readonly TenantDirectory directory = new(settings);
    readonly RunStore leases = new(settings.Control.ConnectionString, settings.Scheduler);

    public CycleOutcome Execute(long runId, CancellationToken shutdown = default)
    {
        var run = history.Get(runId);
        var tenant = TenantId.Parse(run.TenantId);
        using var tenantLock = TenantCycleLock.TryAcquire(settings.Control.ConnectionString, tenant, leases);
        if (tenantLock is null)
        {
            const string busy = "another cycle of this tenant is running";
            history.Finish(runId, RunStatus.Skipped, busy);
            return new CycleOutcome(runId, RunStatus.Skipped, busy, Transient: false);
        }
        history.Start(runId, node);
        var token = leases.Take(runId, owner ?? node, tenant, tenantLock.ConnectionId);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
        var scope = ScopeContext.PushProperties([new("tenant", tenant.Value), new("run", runId)]);
        var capture = RunLogTarget.Capture(settings.Control.ConnectionString, runId);
        using var connections = RunConnections.Track(settings.Control.ConnectionString, runId);
        using var ambient = token.Enter();
        LeaseKeeper? keeper = null;
        RunFences? fences = null;
        StepContext? context = null;
        try
        {
            var connectionString = directory.TenantConnectionString(tenant);
            // Before anything is written: code newer than the schemas fails here, named, not half-way.
            if (new WarehouseMigrations(settings).SchemaBehind(tenant) is { } behind) throw new BadInputException(behind);
            fences = new RunFences(connectionString, settings.Web.ConnectionString, tenant, settings.Scheduler.RunLease);
            // From here on this run alone may write the tenant: older runs still marked running are fenced and closed.
            fences.Claim(token);
            leases.Supersede(tenant, runId);
            keeper = new LeaseKeeper(token, leases, fences, settings.Scheduler.HeartbeatInterval, settings.Scheduler.RunLease, cancel);
            using var poller = new Timer(_ => { if (SafeCancelRequested(runId)) cancel.Cancel(); }, null, TimeSpan.Zero, CancelPollInterval);
            ClearWhatTheDeadLeft(tenant, runId);
            context = Prepare(tenant, run, connectionString);
            var recorder = new StepRecorder(history, settings.Web.ConnectionString, token);
            var status = RunStatus.Succeeded;
            var steps = CycleSteps.Select(run.FromStep, run.OnlyStep).ToList();
            var webSelected = steps.Any(s => s.Name == CycleSteps.Web);
            if (steps.Any(s => s.Name == CycleSteps.Match)) context.MatchAhead.Want();
            foreach (var step in steps)
            {
                cancel.Token.ThrowIfCancellationRequested();
                // The web step's lake half reads nothing of the CRM: the cluster builds it while MySQL canonicalizes and
                // matches. A run from a later step starts it in the web step itself.
                if (webSelected && step.Name == CycleSteps.Canonicalize) context.WebAhead.Start(context, cancel.Token);
                // A skip the step says matters to the run (an ingest that found no exports) marks it; the rest runs all the same.
                if (recorder.Run(step, context, cancel.Token).Status == StepStatus.Skipped && step.RunStatusWhenSkipped is { } skipped)
                    status = skipped;
            }
            if (!history.Finish(token, status, null)) throw new RunFencedException($"fenced: {token} no longer holds its lease; its end was not recorded");
            Log.Info("run {run} of {tenant} {status}", runId, tenant, status.ToDbValue());
            return new CycleOutcome(runId, status, null, false);
        }
        catch (Exception e) when (keeper?.Lost is not null || RunFencedException.Within(e) is not null)
        {
            // Nothing more of this run's is written, its log lines included: the history keeps the end it was given.
            capture.Dispose();
            var refusal = RunFencedException.Within(e)?.Message;
            var lost = keeper?.Declare($"refused: {refusal}")
                       ?? $"run {runId} could not take tenant {tenant} ({refusal}); another owner may have taken it; nothing was written";
            if (keeper is null) Log.Error("{lost}", lost);
            return new CycleOutcome(runId, RunStatus.Abandoned, lost, Transient: false) { LeaseLost = true };
        }
        catch (OperationCanceledException)
        {
            history.Finish(token, RunStatus.Cancelled, "cancelled; the last good results are in place");
            Log.Warn("run {run} of {tenant} cancelled", runId, tenant);
            return new CycleOutcome(runId, RunStatus.Cancelled, null, false);
        }
        catch (Exception e)
        {
            var error = Secrets.MaskPasswords(e.Message);
            history.Finish(token, RunStatus.Failed, error);
            Log.Error(e, "run {run} of {tenant} failed", runId, tenant);
            return new CycleOutcome(runId, RunStatus.Failed, error, TransientFailure.Is(e));
        }
        finally
        {
            context?.WebAhead.Dispose();
            context?.MatchAhead.Dispose();
            keeper?.Dispose();
            if (keeper?.Lost is null) fences?.Release(token);
            capture.Dispose();
            scope.Dispose();
        }
    }

    /// <summary>
    /// We hold the tenant's lock, so no other run of the tenant is working: a run still marked
    /// running has lost its owner, and once its lease has passed, its leftovers are junk. A failure
    /// here never fails the run (leftovers do not change results); the next run or `bfw gc` tries again.
    /// </summary>
    void ClearWhatTheDeadLeft(TenantId tenant, long runId)
    {
        try
        {
            leases.ExpireStale(tenant);
            var sweep = new RunLeftovers(settings).Sweep(tenant, dryRun: false, self: runId);
            if (sweep.Leftovers.Count > 0)
                Log.Warn("run {run}: removed {count} leftover(s) of dead runs of {tenant}: {what}", runId, sweep.Leftovers.Count, tenant,
                    string.Join("; ", sweep.Leftovers.Select(l => $"{l.Kind} {l.What}")));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.Warn(e, "run {run}: could not clear what dead runs of {tenant} left: {error}", runId, tenant, Secrets.MaskPasswords(e.Message));
        }
    }

    bool SafeCancelRequested(long runId)
    {
        try { return history.CancelRequested(runId); }
        catch (MySqlException) { return false; } // the control database blinking is not a cancel
    }

    /// <summary>What the steps share; the engine is chosen here, once, from the run's <c>--engine</c> or the configuration in force.</summary>
    StepContext Prepare(TenantId tenant, RunRecord run, string connectionString)
    {
        var config = new TenantConfigStore(settings.Control.ConnectionString).Current(tenant);
        using (var c = new MySqlConnection(connectionString))
        {
            c.Open();
            TenantSettingsWriter.Write(c, config);
        }
        var dates = RelativeDates.ForTenant(DateTime.UtcNow, config.Config.TimeZone, config.Config.FiscalYearStartMonth);
        var engines = new AttributionEngines(settings, tenant, run.RunId, connectionString);
        return new StepContext(settings, tenant, run.RunId, connectionString, config, dates, run.AllowEmpty, engines.Named(run.Engine ?? config.Config.Engine), engines);
    }
}
