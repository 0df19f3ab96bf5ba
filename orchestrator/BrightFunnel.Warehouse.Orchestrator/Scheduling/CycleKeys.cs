using Quartz;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Scheduling;

/// <summary>
/// How tenants, runs and pods are named in Quartz's store: one durable job per tenant
/// (<c>cycle.&lt;tenant&gt;</c>), its cron trigger (<c>schedule.&lt;tenant&gt;</c>), a one-shot trigger
/// per console-queued run (<c>console.run-&lt;id&gt;</c>), and the execution group of the tenant's pod
/// (<c>pod:&lt;name&gt;</c>) that the per-pod limit counts.
/// </summary>
public static class CycleKeys
{
    public const string JobGroup = "cycle", ScheduleGroup = "schedule", ConsoleGroup = "console";

    /// <summary>Job data: the tenant on the job, the queued run on a console trigger.</summary>
    public const string TenantData = "tenant", RunData = "run_id";

    public static JobKey Job(TenantId tenant) => new(tenant.Value, JobGroup);

    public static TriggerKey Schedule(TenantId tenant) => new(tenant.Value, ScheduleGroup);

    public static TriggerKey ConsoleRun(long runId) => new($"run-{runId}", ConsoleGroup);

    public static string PodGroup(string podName) => $"pod:{podName}";
}
