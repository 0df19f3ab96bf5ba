using System.Collections.Concurrent;

namespace BrightFunnel.Warehouse.Orchestrator.Ingest;

/// <summary>
/// Loads finished chunk files on worker threads (one per load function, each with its own
/// connection), so the server loads earlier chunks while this process validates the next one.
/// The queue is bounded: validation waits rather than filling the disk when the server falls
/// behind. Each file is deleted once loaded.
/// </summary>
sealed class BackgroundLoader : IDisposable
{
    readonly BlockingCollection<string> queue = new(boundedCapacity: 2);
    readonly CancellationTokenSource abort = new();
    readonly Task<long>[] workers;

    public BackgroundLoader(params Func<string, long>[] loads) =>
        workers = loads.Select(load => Task.Factory.StartNew(() => Consume(load), TaskCreationOptions.LongRunning)).ToArray();

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
        catch
        {
            // A failed load must not leave the validating thread blocked on a full queue.
            queue.CompleteAdding();
            throw;
        }
    }

    public void Add(string path)
    {
        try
        {
            queue.Add(path);
        }
        catch (InvalidOperationException)
        {
            // Adding was closed by a failed load (the worker may not count as faulted yet): report that failure, not the closed queue.
            WaitForWorkers();
            throw;
        }
    }

    /// <summary>Waits for every queued chunk to load; rethrows a load's failure. Returns rows loaded.</summary>
    public long Finish()
    {
        queue.CompleteAdding();
        WaitForWorkers();
        return workers.Sum(w => w.Result);
    }

    void WaitForWorkers()
    {
        try { Task.WaitAll(workers); }
        catch (AggregateException e) { System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]); }
    }

    /// <summary>Stops after the chunks in flight (the caller discards what was loaded) and waits, so the connections are free again.</summary>
    public void Abort()
    {
        queue.CompleteAdding();
        abort.Cancel();
        try { Task.WaitAll(workers); }
        catch (AggregateException) { }
    }

    public void Dispose()
    {
        if (workers.Any(w => !w.IsCompleted)) Abort();
        queue.Dispose();
        abort.Dispose();
    }
}
