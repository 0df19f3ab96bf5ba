using System.Text.Json.Serialization;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Runs;

/// <summary>Where a run of <c>bf_control.runs</c> is; the database keeps <see cref="RunStatusText"/>'s strings.</summary>
[JsonConverter(typeof(RunStatusJson))]
public enum RunStatus
{
    Queued,
    Running,
    Succeeded,
    /// <summary>
    /// The run's ingest found no export files, and every other step ran on the data already loaded
    /// (relative dates moved): it completed, but on no new data. Not a failure (never retried, not
    /// counted in failures, <c>run --wait</c> exits 0), yet never shown as a plain success.
    /// </summary>
    NoExports,
    Failed,
    Cancelled,
    /// <summary>Another cycle of the tenant held its lock.</summary>
    Skipped,
    /// <summary>Its owner stopped renewing its lease (died, or lost the control database for good): see <see cref="RunStore"/>.</summary>
    Abandoned,
}

public static class RunStatusText
{
    static readonly DbText<RunStatus> Text = new("run status",
        (RunStatus.Queued, "queued"), (RunStatus.Running, "running"), (RunStatus.Succeeded, "succeeded"), (RunStatus.NoExports, "no_exports"),
        (RunStatus.Failed, "failed"), (RunStatus.Cancelled, "cancelled"), (RunStatus.Skipped, "skipped"), (RunStatus.Abandoned, "abandoned"));

    /// <summary>The value of <c>runs.status</c>, and what <c>bfw runs</c> shows.</summary>
    public static string ToDbValue(this RunStatus status) => Text.Of(status);

    public static RunStatus Parse(string text) => Text.Parse(text);

    /// <summary>Every selected step ran: a success, or a run whose ingest found no exports.</summary>
    public static bool IsCompleted(this RunStatus status) => status is RunStatus.Succeeded or RunStatus.NoExports;

    /// <summary>Nothing will change the run any more.</summary>
    public static bool HasEnded(this RunStatus status) => status is not (RunStatus.Queued or RunStatus.Running);
}

sealed class RunStatusJson() : DbTextJson<RunStatus>(RunStatusText.ToDbValue, RunStatusText.Parse);
