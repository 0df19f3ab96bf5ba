using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;

namespace BrightFunnel.Warehouse.Orchestrator.Cycle;

/// <summary>
/// The tenant's web events → sessions, identified visitors, channels and web touches, on the cluster
/// (<see cref="WebActivityOffload"/>), before attribute counts the touches. Only tenants on the
/// cluster (engine impala) have web activity: the lake is there, and MySQL never holds the events.
/// A tenant on engine mysql, or without a lake table, completes the step as skipped, saying why.
/// </summary>
public sealed class WebStep : ICycleStep
{
    public string Name => CycleSteps.Web;

    public StepResult Run(StepContext run, CancellationToken cancel)
    {
        if (run.Engine.WebActivity() is not { } offload)
            return StepResult.Skip(NeedsTheCluster(run.Config.Config.WebTouchesOn));
        var report = SyncBridge.Wait(offload.RunAsync(run.Tenant, run.RunId, run.Config.Config.TimeZone, cancel));
        return report is null ? StepResult.Skip(NoEvents) : StepResult.Done(report.Sessions, report.ToString());
    }

    public const string NoEvents = "no web events (the cluster has no lake table web_events for the tenant)";

    /// <summary>Why a tenant on engine mysql has no web activity, and what web_touches = on does there.</summary>
    public static string NeedsTheCluster(bool webTouchesOn) =>
        "web activity needs the cluster (engine = impala): the web events are processed only there" +
        (webTouchesOn ? "; web_touches = on counts no web touches on engine mysql" : "");
}
