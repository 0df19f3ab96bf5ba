using BrightFunnel.Warehouse.Events;

namespace BrightFunnel.Warehouse.Collect.Spool;

/// <summary>What the collector's start closed: segments and their whole events, and the torn bytes cut off.</summary>
public sealed record SpoolRecoveryReport(int Segments, long Events, long TornBytes, int EmptyRemoved);

/// <summary>
/// Closes the segments a killed collector left open. Everything it acknowledged was fsynced whole,
/// so the segment is cut back to its last whole frame (a torn tail was never acknowledged), synced
/// and renamed <c>.closed</c>; a segment with no whole event is removed.
/// </summary>
public static class SpoolRecovery
{
    public static SpoolRecoveryReport CloseLeftOpen(SpoolFolder spool)
    {
        int segments = 0, empty = 0;
        long events = 0, torn = 0;
        foreach (var tenant in spool.Tenants())
            foreach (var name in spool.OpenSegments(tenant))
            {
                var path = spool.OpenPath(tenant, name);
                var read = SpoolSegmentReader.Read(path);
                if (read.Events.Count == 0)
                {
                    File.Delete(path);
                    empty++;
                    continue;
                }
                if (read.TornBytes > 0)
                    using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
                    {
                        file.SetLength(file.Length - read.TornBytes);
                        file.Flush(flushToDisk: true);
                    }
                spool.Close(tenant, name);
                segments++;
                events += read.Events.Count;
                torn += read.TornBytes;
            }
        return new SpoolRecoveryReport(segments, events, torn, empty);
    }
}
