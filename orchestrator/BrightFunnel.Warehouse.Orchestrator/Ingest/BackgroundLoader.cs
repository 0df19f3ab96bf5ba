using System.Collections.Concurrent;

namespace BrightFunnel.Warehouse.Orchestrator.Ingest;

/// <summary>
/// Runs the loads of finished chunk files one after another on a worker thread, so the server
/// loads chunk k while this process validates chunk k+1 (one core each). The queue is bounded:
/// validation waits rather than filling the disk when the server falls behind. Each file is
/// deleted once loaded.
/// </summary>
sealed class BackgroundLoader : IDisposable
{
    readonly BlockingCollection<string> queue = new(boundedCapacity: 2);
    readonly CancellationTokenSource abort = new();
    readonly Task<long> worker;

    public BackgroundLoader(Func<string, long> load) =>
        worker = Task.Factory.StartNew(() => Consume(load), TaskCreationOptions.LongRunning);

    long Consume(Func<string, long> load)
    {
        long loaded = 0;
        try
        {
            foreach (var path in queue.GetConsumingEnumerable(abort.Token))
            {
                loaded += load(path);
                File.Delete(path);
            }
            return loaded;
        }
        finally
        {
            // A failed load must not leave the validating thread blocked on a full queue.
            queue.CompleteAdding();
        }
    }

    public void Add(string path)
    {
        try
        {
            queue.Add(path);
        }
        catch (InvalidOperationException) when (worker.IsCompleted)
        {
            worker.GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>Waits for every queued chunk to load; rethrows a load's failure. Returns rows loaded.</summary>
    public long Finish()
    {
        queue.CompleteAdding();
        return worker.GetAwaiter().GetResult();
    }

    /// <summary>Stops after the chunk in flight (the caller discards what was loaded) and waits, so the connection is free again.</summary>
    public void Abort()
    {
        queue.CompleteAdding();
        abort.Cancel();
        try { worker.Wait(); }
        catch (AggregateException) { }
    }

    public void Dispose()
    {
        if (!worker.IsCompleted) Abort();
        queue.Dispose();
        abort.Dispose();
    }
}
