using Quartz;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Scheduling;

/// <summary>
/// Each pod's <c>max_concurrent</c> as a Quartz execution limit counted across the cluster: every
/// trigger of a tenant carries its pod's execution group, and Quartz counts the group's firings
/// in QRTZ_FIRED_TRIGGERS, so two nodes together never run more cycles on a pod than it allows.
/// </summary>
public static class PodLimits
{
    /// <summary>A pod added after a node started is held to one cycle at a time until the node next reads the pods table.</summary>
    public const int UnknownPodLimit = 1;

    public static ExecutionLimits For(IEnumerable<Pod> pods)
    {
        var builder = ExecutionLimitsBuilder.Create();
        Apply(builder, pods);
        return builder.Build();
    }

    public static void Apply(ExecutionLimitsBuilder builder, IEnumerable<Pod> pods)
    {
        builder.ForGroupsWithPrefix("pod:", UnknownPodLimit, ExecutionLimitScope.Cluster);
        foreach (var pod in pods) builder.ForGroup(CycleKeys.PodGroup(pod.PodName), pod.MaxConcurrent, ExecutionLimitScope.Cluster);
    }
}
