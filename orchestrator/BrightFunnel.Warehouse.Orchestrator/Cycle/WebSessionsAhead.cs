using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Events;
using NLog;

namespace BrightFunnel.Warehouse.Orchestrator.Cycle;

/// <summary>
/// The web step's first half, started ahead of it: shipping the tenant's closed spool segments and
/// building the lake's sessions (<see cref="WebActivityOffload.BuildSessionRowsAsync"/>) read nothing
/// of the CRM, so the cycle starts them when canonicalize starts and the cluster works while MySQL
/// canonicalizes and matches (at L, 66 s of sessions beside 97 s of MySQL). The web step takes the
/// result (<see cref="TakeAsync"/>), or starts it then when nothing did. A run that ends before its web
/// step disposes this, which cancels the work and drops what it built; nothing of it is published, so
/// the lease is checked where the web step publishes, as before.
/// </summary>
public sealed class WebSessionsAhead : IDisposable
{
    readonly AheadWork<Started> work = new("the web sessions started ahead of the web step",
        started => started.Rows?.DisposeAsync().AsTask() ?? Task.CompletedTask);

    /// <summary>What the first half gave: what was shipped, and the sessions (null: the tenant has no lake table).</summary>
    public sealed record Started(ShipReport Shipped, WebSessionRows? Rows);

    /// <summary>Starts the first half once, for a run whose engine has web activity; otherwise does nothing.</summary>
    public void Start(StepContext run, CancellationToken cycle)
    {
        if (work.IsStarted || run.Engine.WebActivity() is not { } offload) return;
        work.Start(async token =>
        {
            var shipped = await new EventShipper(run.Settings).ShipTenantAsync(run.Tenant, token);
            var rows = await offload.BuildSessionRowsAsync(run.Tenant, run.RunId, run.Config.Config.TimeZone, token);
            return new Started(shipped, rows);
        }, cycle);
    }

    /// <summary>True when the first half was started before the web step took it (with canonicalize).</summary>
    public bool StartedAhead { get; private set; }

    /// <summary>The first half's result, waiting for it (started now if it was not): the caller owns its rows.</summary>
    public async Task<Started> TakeAsync(StepContext run, CancellationToken ct)
    {
        StartedAhead = work.IsStarted;
        Start(run, ct);
        if (!work.IsStarted) throw new InvalidOperationException("the run's engine has no web activity");
        return await work.TakeAsync(ct);
    }

    /// <summary>Cancels a first half the web step never took and drops what it built.</summary>
    public void Dispose() => work.Dispose();
}
