using System.Globalization;
using Quartz;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Scheduling;

/// <summary>What <see cref="RunQueue.Cancel"/> did.</summary>
public enum CancelOutcome
{
    /// <summary>The run had not started: its trigger is gone and the run is recorded cancelled.</summary>
    Dequeued,
    /// <summary>The run is running: it stops at its next check and keeps the last good results.</summary>
    Requested,
    /// <summary>The run had failed and was waiting for a retry: the retry will not happen.</summary>
    RetryDropped,
}

/// <summary>
/// Queues runs through Quartz's store: a run row (trigger <c>console</c>) and a one-shot trigger
/// for the tenant's job that fires now (as soon as its pod has a free slot, however long that takes), carrying the run id, in the pod's execution group, with
/// the retry policy. A node then runs it under the same DisallowConcurrentExecution, tenant lock
/// and pod limit as a scheduled cycle.
/// </summary>
public sealed class RunQueue(WarehouseSettings settings, IScheduler scheduler)
{
    readonly RunStore history = new(settings.Control.ConnectionString, settings.Scheduler);
    readonly TenantDirectory directory = new(settings);

    public async Task<long> Enqueue(TenantId tenant, string? from, string? only, string? engine, bool allowEmpty = false, CancellationToken cancel = default)
    {
        var stored = directory.GetTenant(tenant);
        await new TenantSchedules(settings, scheduler).EnsureJob(tenant, cancel);
        var runId = history.Queue(tenant, RunStore.ConsoleTrigger, from, only, engine, allowEmpty: allowEmpty);
        var trigger = TriggerBuilder.Create(scheduler.TimeProvider)
            .WithIdentity(CycleKeys.ConsoleRun(runId))
            .ForJob(CycleKeys.Job(tenant))
            .WithDescription($"run {runId} of tenant {tenant}, queued from the console")
            .WithExecutionGroup(CycleKeys.PodGroup(stored.PodName))
            .WithRetryPolicy(CycleRetryPolicy.For(settings.Scheduler))
            .UsingJobData(CycleKeys.RunData, runId.ToString(CultureInfo.InvariantCulture))
            // A run waiting for its pod's slot (or its tenant's running cycle) is queued, not missed. Under
            // FireNow it counted as misfired once it had waited MisfireThreshold, and a misfired trigger is
            // not acquired until the misfire handler's next pass resets it: a freed slot stayed idle up to
            // a minute. IgnoreMisfires keeps it acquirable whatever its age (Quartz's acquisition and
            // misfire scan skip such triggers' threshold), and its fire time stays the time it was queued,
            // so queued runs start in the order they were queued. One-shot: nothing to catch up.
            .WithSchedule(SimpleScheduleBuilder.Create().WithMisfireInstruction(SimpleTriggerMisfireInstruction.IgnoreMisfires))
            .StartNow()
            .Build();
        try
        {
            await scheduler.ScheduleJob(trigger, cancellationToken: cancel);
        }
        catch (Exception e)
        {
            history.Finish(runId, RunStatus.Failed, $"could not queue the run: {e.Message}");
            throw;
        }
        return runId;
    }

    /// <summary>Cancels a queued or running run, or the retry a failed one is waiting for.</summary>
    public async Task<CancelOutcome> Cancel(long runId, CancellationToken cancel = default)
    {
        var run = history.Get(runId);
        var key = CycleKeys.ConsoleRun(run.RetryOf ?? run.RunId);
        switch (run.Status)
        {
            case RunStatus.Running:
                history.RequestCancel(runId);
                return CancelOutcome.Requested;
            case RunStatus.Queued:
                // Flag first: a node that fires the trigger in the meantime sees the flag and leaves the run alone.
                history.RequestCancel(runId);
                if (await scheduler.UnscheduleJob(key, cancel))
                {
                    history.Finish(runId, RunStatus.Cancelled, "cancelled before it started");
                    return CancelOutcome.Dequeued;
                }
                return CancelOutcome.Requested;
            case RunStatus.Failed when history.Attempts(run.RetryOf ?? run.RunId)[^1].RunId == runId
                                        && await scheduler.GetTriggerState(key, cancel) is TriggerState.Normal or TriggerState.Blocked:
                await scheduler.UnscheduleJob(key, cancel);
                return CancelOutcome.RetryDropped;
            default:
                throw new BadInputException($"run {runId} is {run.Status.ToDbValue()}: there is nothing to cancel");
        }
    }
}
