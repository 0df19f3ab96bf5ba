using System.Diagnostics;
using BrightFunnel.Warehouse.Orchestrator.Filters;
using BrightFunnel.Warehouse.Orchestrator.Ingest;
using BrightFunnel.Warehouse.Orchestrator.Offload;
using MySql.Data.MySqlClient;
using NLog;

namespace BrightFunnel.Warehouse.Orchestrator.Cycle;

/// <summary>How a run ended; <see cref="Transient"/> says whether trying again may help.</summary>
public sealed record CycleOutcome(long RunId, string Status, string? Error, bool Transient)
{
    public bool Succeeded => Status == RunHistory.Succeeded;

    /// <summary>Every selected step ran (<see cref="RunHistory.IsCompleted"/>).</summary>
    public bool Completed => RunHistory.IsCompleted(Status);
}

/// <summary>
/// Runs one queued run of a tenant's data cycle: the selected steps in order, each recorded in
/// <c>run_steps</c> with its rows and duration, under a per-tenant lock, polling the run's cancel
/// flag between and inside steps. A failed or cancelled step leaves the last good results in
/// place, because every step swaps in complete tables only at its end. The run's owner
/// (<paramref name="owner"/>, by default the node) renews its lease while it runs
/// (<see cref="RunLeases"/>), and before any work the cycle removes what dead runs of the tenant left
/// (<see cref="RunLeftovers"/>).
/// </summary>
public sealed class DataCycle(WarehouseSettings settings, string node, string? owner = null)
{
    static readonly Logger Log = LogManager.GetCurrentClassLogger();
    public static readonly TimeSpan CancelPollInterval = TimeSpan.FromSeconds(1);

    readonly RunHistory history = new(settings.Control.ConnectionString);
    readonly TenantDirectory directory = new(settings.Control.ConnectionString);
    readonly RunLeases leases = new(settings.Control.ConnectionString, settings.Scheduler);

    public CycleOutcome Execute(long runId, CancellationToken shutdown = default)
    {
        var run = history.Get(runId);
        var tenant = TenantId.Parse(run.TenantId);
        using var tenantLock = TenantCycleLock.TryAcquire(settings.Control.ConnectionString, tenant);
        if (tenantLock is null)
        {
            const string busy = "another cycle of this tenant is running";
            history.Finish(runId, RunHistory.Skipped, busy);
            return new CycleOutcome(runId, RunHistory.Skipped, busy, Transient: false);
        }
        history.Start(runId, node);
        leases.Take(runId, owner ?? node);
        using var heartbeat = new Timer(_ => leases.Renew(runId), null, settings.Scheduler.HeartbeatInterval, settings.Scheduler.HeartbeatInterval);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
        using var poller = new Timer(_ => { if (SafeCancelRequested(runId)) cancel.Cancel(); }, null, TimeSpan.Zero, CancelPollInterval);
        var scope = ScopeContext.PushProperties([new("tenant", tenant.Value), new("run", runId)]);
        using var capture = RunLogTarget.Capture(settings.Control.ConnectionString, runId);
        using var connections = RunConnections.Track(settings.Control.ConnectionString, runId);
        try
        {
            ClearWhatTheDeadLeft(tenant, runId);
            var context = Prepare(tenant, run);
            var status = RunHistory.Succeeded;
            foreach (var step in CycleStep.Select(run.FromStep, run.OnlyStep))
            {
                cancel.Token.ThrowIfCancellationRequested();
                // An ingest that skips found no exports: the rest runs on the data already loaded.
                if (RunStep(runId, step, context, () => Execute(step, context, runId, cancel.Token)) == RunHistory.Skipped && step == CycleStep.Ingest)
                    status = RunHistory.NoExports;
            }
            history.Finish(runId, status, null);
            Log.Info("run {run} of {tenant} {status}", runId, tenant, status);
            return new CycleOutcome(runId, status, null, false);
        }
        catch (OperationCanceledException)
        {
            history.Finish(runId, RunHistory.Cancelled, "cancelled; the last good results are in place");
            Log.Warn("run {run} of {tenant} cancelled", runId, tenant);
            return new CycleOutcome(runId, RunHistory.Cancelled, null, false);
        }
        catch (Exception e)
        {
            var error = Secrets.MaskPasswords(e.Message);
            history.Finish(runId, RunHistory.Failed, error);
            Log.Error(e, "run {run} of {tenant} failed", runId, tenant);
            return new CycleOutcome(runId, RunHistory.Failed, error, TransientFailure.Is(e));
        }
        finally
        {
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

    /// <summary>What every step of one run shares: the tenant, its connection, the configuration in force and the run date.</summary>
    sealed record RunContext(TenantId Tenant, string TenantConnectionString, TenantConfigVersion Config, string Engine, RelativeDates Dates, bool AllowEmpty);

    RunContext Prepare(TenantId tenant, RunRecord run)
    {
        var config = new TenantConfigStore(settings.Control.ConnectionString).Current(tenant);
        var connectionString = directory.TenantConnectionString(tenant);
        using (var c = new MySqlConnection(connectionString))
        {
            c.Open();
            TenantSettingsWriter.Write(c, config);
        }
        var dates = RelativeDates.ForTenant(DateTime.UtcNow, config.Config.TimeZone, config.Config.FiscalYearStartMonth);
        return new RunContext(tenant, connectionString, config, run.Engine ?? config.Config.Engine, dates, run.AllowEmpty);
    }

    /// <summary>Runs one step and records it; returns the status recorded (succeeded or skipped).</summary>
    string RunStep(long runId, string step, RunContext x, Func<(long rows, string detail)> body)
    {
        history.StepStarted(runId, step);
        var clock = Stopwatch.StartNew();
        using var _ = ScopeContext.PushProperty("step", step);
        try
        {
            var (rows, detail) = body();
            var status = detail.StartsWith("skipped", StringComparison.Ordinal) ? RunHistory.Skipped : RunHistory.Succeeded;
            history.StepEnded(runId, step, status, rows, detail, null);
            Log.Info("step {step}: {rows} rows in {ms} ms ({detail})", step, rows, clock.ElapsedMilliseconds, detail);
            return status;
        }
        catch (OperationCanceledException)
        {
            history.StepEnded(runId, step, RunHistory.Cancelled, null, null, "cancelled");
            throw;
        }
        catch (Exception e) when (TransientFailure.IsLostConnection(e))
        {
            var lost = new ConnectionLostException(LostConnection(step, x, e), e);
            history.StepEnded(runId, step, RunHistory.Failed, null, null, lost.Message);
            throw lost;
        }
        catch (Exception e)
        {
            history.StepEnded(runId, step, RunHistory.Failed, null, null, $"{e.GetType().Name}: {e.Message}");
            throw;
        }
    }

    /// <summary>
    /// Which server a step lost and what that changed: every step swaps in whole tables (and publish
    /// switches versions in one update), so what it had not swapped in yet is as it was.
    /// </summary>
    string LostConnection(string step, RunContext x, Exception e)
    {
        if (e is ConnectionLostException said) return $"step {step}: {said.Message}";
        var servers = $"the tenant's server {TransientFailure.ServerOf(x.TenantConnectionString)}" +
                      (step == CycleStep.Publish ? $" or the web database's {TransientFailure.ServerOf(settings.Web.ConnectionString)}" : "");
        return $"step {step}: lost the connection to {servers} ({Secrets.MaskPasswords(e.GetBaseException().Message)}); " +
               "every table the step had not swapped in yet is unchanged, so the last good results are in place";
    }

    /// <summary>
    /// The aggregate reads the pairs where the attribution in force lives (at_build_info), not where
    /// the tenant's engine setting would build the next one: a tenant switched to another engine is
    /// aggregated from its current pairs until it is attributed again.
    /// </summary>
    (IAnalyticsWorkBuilder Work, string Where) AnalyticsWorkFor(RunContext x, long runId)
    {
        using var c = new MySqlConnection(x.TenantConnectionString);
        c.Open();
        var info = AttributionBuildInfo.Read(c);
        return info?.OnCluster == true
            ? (new ImpalaAnalyticsWork(x.Tenant, runId, settings.Impala, OffloadScripts.Aggregate(settings.SqlRoot)), $"impala ({info.ClusterDatabase}, run {info.RunId})")
            : (new MySqlAnalyticsWork(), "mysql");
    }

    (long rows, string detail) Execute(string step, RunContext x, long runId, CancellationToken cancel)
    {
        switch (step)
        {
            case CycleStep.Ingest:
            {
                var folder = Path.Combine(settings.ExportsRoot, x.Tenant.Value);
                if (!Directory.Exists(folder) || Directory.GetFiles(folder, "*.csv").Length == 0)
                    return (0, $"skipped: no exports in {folder}");
                var (files, absent) = new ExportIngestor(x.TenantConnectionString, x.Config.Config).IngestFolder(folder, cancel);
                // Loud in the run log and in the step's detail: an absent export is often a broken export job.
                foreach (var a in absent) Log.Warn("{absent:l}", a.ToString());
                var detail = $"{files.Count} files, {files.Sum(f => f.Read)} read, {files.Sum(f => f.Rejected)} rejected";
                return (files.Sum(f => f.Loaded), string.Join("; ", [detail, .. absent.Select(a => a.ToString())]));
            }
            case CycleStep.Check:
            {
                var report = new TenantCheck(x.TenantConnectionString).Run(x.Tenant, x.Config);
                if (!report.HasData) return (0, "skipped: no data loaded yet");
                if (report.HasErrors)
                    throw new BadInputException($"setup check FAILED: {report.DescribeErrors()} (see bfw tenant check {x.Tenant}); the last good results are in place");
                var warnings = report.Findings.Count(f => f.Severity == Severity.Warning);
                return (report.RowsPerObject.Values.Sum(), $"setup check passed ({report.Findings.Count} findings, {warnings} warnings)");
            }
            case CycleStep.Canonicalize:
            {
                var rows = new CanonicalizeStep(x.TenantConnectionString, x.AllowEmpty).Run(cancel);
                return (rows.Values.Sum(), string.Join(", ", rows.Select(r => $"{r.Key} {r.Value}")));
            }
            case CycleStep.Match:
            {
                var result = new MatchStep(x.TenantConnectionString).Run(cancel);
                return (result.Matched, result.Describe());
            }
            case CycleStep.Attribute:
            {
                var attribute = new AttributeStep(x.TenantConnectionString);
                if (x.Engine == "impala")
                {
                    var report = attribute.RunOnImpala(x.Tenant, runId, settings.Impala, settings.SqlRoot, cancel);
                    return (report.CreditRows, report.ToString());
                }
                return (attribute.RunOnMySql(cancel), "engine mysql");
            }
            case CycleStep.Aggregate:
            {
                var filters = new FilterStore(settings.Control.ConnectionString).List(x.Tenant);
                var (work, where) = AnalyticsWorkFor(x, runId);
                var rows = new AggregateStep(x.TenantConnectionString, work).Run(filters, x.Dates, cancel);
                return (rows, $"{filters.Count + 1} filter scope(s), run date {x.Dates.Today:yyyy-MM-dd}, pair-grain work on {where}");
            }
            case CycleStep.Publish:
            {
                var rows = new PublishStep(x.TenantConnectionString, settings.Web.ConnectionString).Run(x.Tenant, runId);
                return (rows, "published to bf_web");
            }
            default: throw new BadInputException($"unknown step '{step}'");
        }
    }
}
