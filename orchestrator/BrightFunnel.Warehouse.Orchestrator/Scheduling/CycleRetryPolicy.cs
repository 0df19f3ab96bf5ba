using Quartz;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Scheduling;

/// <summary>
/// The retry policy stored on every trigger of a tenant's job: exponential backoff up to a limit.
/// Stored on the trigger rather than set as a node's default, so the policy a run was queued with
/// is the one every node applies to it.
/// </summary>
public static class CycleRetryPolicy
{
    public static RetryPolicy For(SchedulerSettings s) =>
        s.RetryAttempts < 1
            ? RetryPolicy.None
            : RetryPolicy.Exponential(s.RetryAttempts, s.RetryInitialDelay, Math.Max(1, s.RetryBackoffFactor),
                s.RetryMaxDelay < s.RetryInitialDelay ? s.RetryInitialDelay : s.RetryMaxDelay);
}
