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
    static readonly Logger Log = LogManager.GetCurrentClassLogger();

    readonly CancellationTokenSource cancel = new();
    CancellationTokenSource? linked;
    Task<Started>? started;
    bool taken;

    /// <summary>What the first half gave: what was shipped, and the sessions (null: the tenant has no lake table).</summary>
    public sealed record Started(ShipReport Shipped, WebSessionRows? Rows);

    /// <summary>Starts the first half once, for a run whose engine has web activity; otherwise does nothing.</summary>
    public void Start(StepContext run, CancellationToken cycle)
    {
        if (started is not null || run.Engine.WebActivity() is not { } offload) return;
        linked = CancellationTokenSource.CreateLinkedTokenSource(cycle, cancel.Token);
        var token = linked.Token;
        started = Task.Run(async () =>
        {
            var shipped = await new EventShipper(run.Settings).ShipTenantAsync(run.Tenant, token);
            var rows = await offload.BuildSessionRowsAsync(run.Tenant, run.RunId, run.Config.Config.TimeZone, token);
            return new Started(shipped, rows);
        }, token);
    }

    /// <summary>True when the first half was started before the web step took it (with canonicalize).</summary>
    public bool StartedAhead { get; private set; }

    /// <summary>The first half's result, waiting for it (started now if it was not): the caller owns its rows.</summary>
    public async Task<Started> TakeAsync(StepContext run, CancellationToken ct)
    {
        StartedAhead = started is not null;
        Start(run, ct);
        if (started is null) throw new InvalidOperationException("the run's engine has no web activity");
        var result = await started.WaitAsync(ct);
        taken = true; // a wait cut short leaves the work to Dispose, which cancels it and drops what it built
        return result;
    }

    /// <summary>Cancels a first half the web step never took and drops what it built.</summary>
    public void Dispose()
    {
        try
        {
            if (started is null || taken) return;
            cancel.Cancel();
            var rows = SyncBridge.Wait(started).Rows;
            if (rows is not null) SyncBridge.Wait(rows.DisposeAsync().AsTask());
        }
        catch (OperationCanceledException) { }
        catch (Exception e)
        {
            Log.Warn("the web sessions started ahead of the web step ended in an error nothing used: {error}", Secrets.MaskPasswords(e.Message));
        }
        finally
        {
            linked?.Dispose();
            cancel.Dispose();
        }
    }
}
