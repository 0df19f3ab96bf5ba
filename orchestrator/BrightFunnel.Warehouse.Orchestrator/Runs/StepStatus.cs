using System.Text.Json.Serialization;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Runs;

/// <summary>Where a step of <c>bf_control.run_steps</c> is; the database keeps <see cref="StepStatusText"/>'s strings.</summary>
[JsonConverter(typeof(StepStatusJson))]
public enum StepStatus
{
    Running,
    Succeeded,
    /// <summary>The step found nothing to do (<see cref="StepResult.Skip"/>); the cycle goes on.</summary>
    Skipped,
    Failed,
    Cancelled,
    /// <summary>Closed with its run when the run's owner was lost (<see cref="RunStore"/>).</summary>
    Abandoned,
}

public static class StepStatusText
{
    static readonly DbText<StepStatus> Text = new("step status",
        (StepStatus.Running, "running"), (StepStatus.Succeeded, "succeeded"), (StepStatus.Skipped, "skipped"),
        (StepStatus.Failed, "failed"), (StepStatus.Cancelled, "cancelled"), (StepStatus.Abandoned, "abandoned"));

    /// <summary>The value of <c>run_steps.status</c>, and what <c>bfw runs show</c> shows.</summary>
    public static string ToDbValue(this StepStatus status) => Text.Of(status);

    public static StepStatus Parse(string text) => Text.Parse(text);

    /// <summary>
    /// A run closed as lost closes its open step the same way (<see cref="RunStore.CloseLost"/>):
    /// failed when a node recovered it, abandoned when its lease ran out.
    /// </summary>
    public static StepStatus ForLostRun(RunStatus run) => run switch
    {
        RunStatus.Failed => StepStatus.Failed,
        RunStatus.Abandoned => StepStatus.Abandoned,
        _ => throw new ArgumentOutOfRangeException(nameof(run), run, "a lost run is closed failed or abandoned"),
    };
}

sealed class StepStatusJson() : DbTextJson<StepStatus>(StepStatusText.ToDbValue, StepStatusText.Parse);
