using System.Collections.Concurrent;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Loading;

/// <summary>
/// Loads finished chunks (chunk files of the ingest, in-memory chunks of the offload's copy-back)
/// on worker threads (one per load function, each with its own connection), so the server loads
/// earlier chunks while this process produces the next one. The queue is bounded: the producer
/// waits rather than filling disk or memory when the server falls behind. Each chunk is released
/// once loaded.
/// </summary>
sealed class BackgroundLoader<TChunk> : IDisposable
{
    readonly BlockingCollection<TChunk> queue = new(boundedCapacity: 2);
    readonly CancellationTokenSource abort = new();
    readonly Action<TChunk> release;
    readonly Task<long>[] workers;

    /// <param name="release">Frees a loaded chunk (deletes its file, disposes its stream).</param>
    /// <param name="loads">One per worker: loads a chunk, returns the rows loaded.</param>
    public BackgroundLoader(Action<TChunk> release, params Func<TChunk, long>[] loads)
    {
        this.release = release;
        workers = loads.Select(load => Task.Factory.StartNew(() => Consume(load), TaskCreationOptions.LongRunning)).ToArray();
    }

    long Consume(Func<TChunk, long> load)
    {
        long loaded = 0;
        try
        {
            foreach (var chunk in queue.GetConsumingEnumerable(abort.Token))
            {
                loaded += load(chunk);
                release(chunk);
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

    public void Add(TChunk chunk)
    {
        try
        {
            queue.Add(chunk);
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
