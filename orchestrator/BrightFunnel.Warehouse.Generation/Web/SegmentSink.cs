using BrightFunnel.Warehouse.Events;

namespace BrightFunnel.Warehouse.Generation;

/// <summary>
/// Writes one chunk's events as closed spool segments named <c>&lt;prefix&gt;-NN</c>, rotating after
/// <see cref="WebProfile.EventsPerSegment"/> events as the collector does. Commits (each an fsync)
/// every <see cref="CommitEvery"/> events (about 32 MB): often enough to bound the pending buffer,
/// rarely enough that the syncs cost little beyond the disk's write time.
/// </summary>
sealed class SegmentSink(SpoolFolder spool, string folder, string prefix, int eventsPerSegment) : IDisposable
{
    const int CommitEvery = 131_072;

    SpoolSegmentWriter? writer;
    long inSegment;

    /// <summary>The closed segments' names, in order.</summary>
    public List<string> Segments { get; } = [];

    public long Events { get; private set; }

    public void Append(WebEvent e)
    {
        writer ??= new SpoolSegmentWriter(spool, folder, $"{prefix}-{Segments.Count:D2}");
        writer.Append(e);
        Events++;
        if (++inSegment % CommitEvery == 0) writer.Commit();
        if (inSegment >= eventsPerSegment) Close();
    }

    /// <summary>Closes the current segment, if any: from then on the shipper may read it.</summary>
    public void Close()
    {
        if (writer is null) return;
        writer.Close();
        Segments.Add(writer.Segment);
        writer = null;
        inSegment = 0;
    }

    public void Dispose() => writer?.Dispose();
}
