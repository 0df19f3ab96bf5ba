using Quartz;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Scheduling;

/// <summary>
/// Which row of <c>runs</c> a firing of a tenant's job executes. A console trigger carries the
/// run the console queued; a cron firing creates a run (trigger <c>schedule</c>); a retry that
/// Quartz fires after a transient failure — or a firing another node recovers after the node
/// running it died — creates a new run (trigger <c>retry</c>) that repeats the first run of its
/// chain with the same steps and engine, so every attempt keeps its own step-level story.
/// </summary>
public static class FiringRun
{
    /// <summary>The run to execute, or null when there is nothing to do (the queued run was cancelled or already handled).</summary>
    public static long? Resolve(IJobExecutionContext context, TenantId tenant, RunStore history, RunStore? leases = null)
    {
        var again = context.RetryAttempt > 0 || context.Recovering;
        RunRecord? root;
        if (context.MergedJobDataMap.TryGetValue(CycleKeys.RunData, out var value) && long.TryParse(value?.ToString(), out var queued))
        {
            root = history.Get(queued);
            if (!again)
            {
                if (root.Status != RunStatus.Queued) return null;
                if (!root.CancelRequested) return queued;
                // Cancelled while its trigger was already on its way to this node.
                history.Finish(queued, RunStatus.Cancelled, "cancelled before it started");
                return null;
            }
        }
        else
        {
            if (!again) return history.Queue(tenant, RunStore.ScheduleTrigger, null, null, null);
            // The occurrence being repeated is the tenant's newest scheduled run: a tenant's firings never
            // overlap, and a retry lands before the next occurrence. If that run neither failed nor was left
            // running, the first attempt died before it could record one, and this attempt stands alone.
            root = history.LatestScheduled(tenant) is { Status: RunStatus.Failed or RunStatus.Running } latest ? latest : null;
        }
        // The retry is queued before the lost attempt is closed: a follower (`run --wait`) that saw the chain's
        // last attempt ended with no retry behind it would take the run for finished.
        // A retry fires only once the trigger's previous firing is over, so no earlier attempt still runs.
        var stales = root is not null ? history.Attempts(root.RunId).Where(a => !a.Ended).ToList() : [];
        var retry = history.Queue(tenant, RunStore.RetryTrigger, root?.FromStep, root?.OnlyStep, root?.Engine, retryOf: root?.RunId, allowEmpty: root?.AllowEmpty ?? false);
        foreach (var stale in stales)
        {
            var (status, reason) = context.Recovering
                ? (RunStatus.Failed, $"node {stale.Node ?? "?"} was lost during the run; {context.Scheduler.SchedulerInstanceId} recovered it")
                : (RunStatus.Abandoned, $"owner {stale.Owner ?? stale.Node ?? "?"} could not record the end of the run (control database lost); retried as run {retry}");
            // Ended at its last heartbeat, with its open step: that is when the owner stopped, not now.
            if (leases is not null) leases.CloseLost(stale.RunId, status, reason);
            else history.Finish(stale.RunId, status, reason);
        }
        return retry;
    }
}
