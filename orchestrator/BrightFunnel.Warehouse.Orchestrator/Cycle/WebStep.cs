using System.Diagnostics;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;

namespace BrightFunnel.Warehouse.Orchestrator.Cycle;

/// <summary>
/// The tenant's web events → sessions, identified visitors, channels and web touches, on the cluster
/// (<see cref="WebActivityOffload"/>), before attribute counts the touches. Only tenants on the
/// cluster (engine impala) have web activity: the lake is there, and MySQL never holds the events.
/// A tenant on engine mysql, or without a lake table, completes the step as skipped, saying why.
/// The tenant's closed spool segments are shipped first (<see cref="Events.EventShipper"/>), so a cycle
/// sees every event the collector had closed when it started, whether or not a ship job ran. Shipping
/// and the lake's sessions start with canonicalize (<see cref="WebSessionsAhead"/>); this step waits
/// for them, then does the rest.
/// </summary>
public sealed class WebStep : ICycleStep
{
    public string Name => CycleSteps.Web;

    public StepResult Run(StepContext run, CancellationToken cancel)
    {
        if (run.Engine.WebActivity() is not { } offload)
            return StepResult.Skip(NeedsTheCluster(run.Config.Config.WebTouchesOn));
        var clock = Stopwatch.StartNew();
        var (shipped, rows) = SyncBridge.Wait(run.WebAhead.TakeAsync(run, cancel));
        var waited = clock.Elapsed;
        var shipping = shipped.Segments == 0 ? "nothing new to ship" : $"shipped {shipped.Events:N0} events from {shipped.Segments} segments";
        if (rows is null) return StepResult.Skip($"{NoEvents}; {shipping}");
        var report = SyncBridge.Wait(offload.RunAsync(rows, cancel));
        return StepResult.Done(report.Sessions, $"{shipping}; {report}; waited {waited.TotalSeconds:0.0} s for the lake's sessions, " +
            (run.WebAhead.StartedAhead ? "started with canonicalize" : "started with this step"));
    }

    public const string NoEvents = "no web events (the cluster has no lake table web_events for the tenant)";

    /// <summary>Why a tenant on engine mysql has no web activity, and what web_touches = on does there.</summary>
    public static string NeedsTheCluster(bool webTouchesOn) =>
        "web activity needs the cluster (engine = impala): the web events are processed only there" +
        (webTouchesOn ? "; web_touches = on counts no web touches on engine mysql" : "");
}
