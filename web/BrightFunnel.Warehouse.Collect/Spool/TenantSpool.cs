using System.Threading.Channels;
using BrightFunnel.Warehouse.Events;

namespace BrightFunnel.Warehouse.Collect.Spool;

/// <summary>
/// One tenant's writer: the only one appending to its open segment. Requests hand it their batch
/// and wait; it takes every batch waiting at that moment, appends them all and fsyncs once (group
/// commit), then answers each. So a 202 always follows the fsync of its events, and concurrent
/// requests share one fsync instead of queuing for one each. The segment is closed (renamed
/// <c>.closed</c> for the shipper) once it is large or old enough; a new one opens with the next batch.
/// </summary>
public sealed class TenantSpool : IAsyncDisposable
{
    readonly SpoolFolder spool;
    readonly string tenant;
    readonly SpoolLimits limits;
    readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    readonly Task loop;
    SpoolSegmentWriter? segment;
    DateTime openedAt;

    public TenantSpool(SpoolFolder spool, string tenant, SpoolLimits limits)
    {
        this.spool = spool;
        this.tenant = tenant;
        this.limits = limits;
        loop = Task.Run(Run);
    }

    /// <summary>Completes once the events are on disk; throws <see cref="SpoolFullException"/> when they could not be stored.</summary>
    public Task Write(IReadOnlyList<WebEvent> events)
    {
        var pending = new Pending(events, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!queue.Writer.TryWrite(pending)) throw new ObjectDisposedException(nameof(TenantSpool), "the collector is stopping");
        return pending.Done.Task;
    }

    async Task Run()
    {
        var batch = new List<Pending>();
        while (true)
        {
            // Wait for work, but no longer than the open segment may stay open.
            var wait = segment is null ? Timeout.InfiniteTimeSpan : openedAt + limits.SegmentMaxAge - DateTime.UtcNow;
            bool more;
            if (wait == Timeout.InfiniteTimeSpan) more = await queue.Reader.WaitToReadAsync();
            else
            {
                using var timeout = new CancellationTokenSource(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
                try { more = await queue.Reader.WaitToReadAsync(timeout.Token); }
                catch (OperationCanceledException) { more = true; }
            }
            while (queue.Reader.TryRead(out var p)) batch.Add(p);
            if (batch.Count > 0) Commit(batch);
            batch.Clear();
            if (segment is not null && (segment.Length >= limits.SegmentMaxBytes || DateTime.UtcNow - openedAt >= limits.SegmentMaxAge)) CloseSegment();
            if (!more) break;
        }
        CloseSegment();
    }

    void Commit(List<Pending> batch)
    {
        try
        {
            limits.RequireFreeSpace(spool.Root);
            segment ??= Open();
            foreach (var p in batch)
                foreach (var e in p.Events) segment.Append(e);
            segment.Commit();
            foreach (var p in batch) p.Done.SetResult();
        }
        catch (Exception e)
        {
            // The writer cut the segment back to its last commit: none of these events are stored.
            var error = e is IOException io && SpoolLimits.IsDiskFull(io) ? new SpoolFullException($"the spool's disk is full ({spool.Root})", e) : e;
            foreach (var p in batch) p.Done.TrySetException(error);
        }
    }

    SpoolSegmentWriter Open()
    {
        openedAt = DateTime.UtcNow;
        return new SpoolSegmentWriter(spool, tenant, SpoolFolder.NewSegmentName());
    }

    void CloseSegment()
    {
        if (segment is null) return;
        var closing = segment;
        segment = null;
        if (closing.Events == 0)
        {
            // Nothing was ever committed (the disk was full): no empty segment for the shipper.
            closing.Dispose();
            File.Delete(spool.OpenPath(tenant, closing.Segment));
            return;
        }
        // Close commits nothing new (every batch was committed) and renames the synced file.
        closing.Close();
    }

    /// <summary>Answers what is queued, closes the open segment, and stops.</summary>
    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await loop;
    }

    sealed record Pending(IReadOnlyList<WebEvent> Events, TaskCompletionSource Done);
}
