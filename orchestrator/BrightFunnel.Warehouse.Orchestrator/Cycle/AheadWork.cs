using NLog;

namespace BrightFunnel.Warehouse.Orchestrator.Cycle;

/// <summary>
/// Work a later step needs, started before that step so it runs beside the steps in between
/// (<see cref="WebSessionsAhead"/>, <see cref="MatchAhead"/>). The step takes the result and owns it;
/// a run that ends before the step disposes this, which cancels the work, waits for it and discards
/// what it gave. Nothing started ahead writes what the run publishes: the step that takes it does.
/// </summary>
/// <param name="what">The work, as the warning of a failure nothing used names it.</param>
/// <param name="discard">Releases a result nobody took (the cluster's tables it built), or null.</param>
public sealed class AheadWork<T>(string what, Func<T, Task>? discard = null) : IDisposable
{
    static readonly Logger Log = LogManager.GetCurrentClassLogger();

    readonly CancellationTokenSource cancel = new();
    CancellationTokenSource? linked;
    Task<T>? started;
    bool taken;

    public bool IsStarted => started is not null;

    /// <summary>Starts the work once, cancelled with the cycle; later calls do nothing. Not thread-safe: callers on several threads lock.</summary>
    public void Start(Func<CancellationToken, Task<T>> work, CancellationToken cycle)
    {
        if (started is not null) return;
        linked = CancellationTokenSource.CreateLinkedTokenSource(cycle, cancel.Token);
        var token = linked.Token;
        started = Task.Run(() => work(token), token);
    }

    /// <summary>The work's result, waiting for it (it must have started); the caller owns it.</summary>
    public async Task<T> TakeAsync(CancellationToken ct)
    {
        var result = await (started ?? throw new InvalidOperationException($"{what} was not started")).WaitAsync(ct);
        taken = true; // a wait cut short leaves the work to Dispose, which cancels it and discards what it gave
        return result;
    }

    public void Dispose()
    {
        try
        {
            if (started is null || taken) return;
            cancel.Cancel();
            var result = SyncBridge.Wait(started);
            if (discard is not null) SyncBridge.Wait(discard(result));
        }
        catch (OperationCanceledException) { }
        catch (Exception e)
        {
            Log.Warn("{what} ended in an error nothing used: {error}", what, Secrets.MaskPasswords(e.Message));
        }
        finally
        {
            linked?.Dispose();
            cancel.Dispose();
        }
    }
}
