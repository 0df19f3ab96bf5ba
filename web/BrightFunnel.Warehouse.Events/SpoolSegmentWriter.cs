using System.Buffers;

namespace BrightFunnel.Warehouse.Events;

/// <summary>
/// Appends frames to one open segment. <see cref="Commit"/> writes and fsyncs what was appended:
/// only after it returns may the events be acknowledged. Not thread-safe: one writer per segment
/// (the collector's group commit owns it).
/// </summary>
public sealed class SpoolSegmentWriter : IDisposable
{
    private readonly FileStream _file;
    private readonly ArrayBufferWriter<byte> _pending = new(1 << 16);

    public SpoolSegmentWriter(SpoolFolder spool, string tenant, string segment)
    {
        Directory.CreateDirectory(spool.TenantFolder(tenant));
        Spool = spool;
        Tenant = tenant;
        Segment = segment;
        _file = new FileStream(spool.OpenPath(tenant, segment), FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1, FileOptions.None);
    }

    public SpoolFolder Spool { get; }
    public string Tenant { get; }
    public string Segment { get; }

    /// <summary>Bytes committed to the segment so far.</summary>
    public long Length => _file.Length;

    /// <summary>Events committed to the segment so far.</summary>
    public long Events { get; private set; }

    private long _pendingEvents;

    public void Append(WebEvent e)
    {
        SpoolRecord.Write(e, _pending);
        _pendingEvents++;
    }

    /// <summary>
    /// Writes the appended frames and flushes them to disk. On failure (a full disk) the segment
    /// is cut back to its last committed length, so a later commit never follows a torn frame.
    /// </summary>
    public void Commit()
    {
        if (_pending.WrittenCount == 0) return;
        var committed = _file.Length;
        try
        {
            _file.Write(_pending.WrittenSpan);
            _file.Flush(flushToDisk: true);
            Events += _pendingEvents;
        }
        catch (IOException)
        {
            try { _file.SetLength(committed); _file.Position = committed; } catch (IOException) { }
            throw;
        }
        finally
        {
            _pending.ResetWrittenCount();
            _pendingEvents = 0;
        }
    }

    /// <summary>Commits, then closes the segment for the shipper.</summary>
    public void Close()
    {
        Commit();
        _file.Dispose();
        Spool.Close(Tenant, Segment);
    }

    public void Dispose() => _file.Dispose();
}
