using BrightFunnel.Warehouse.Events;

namespace BrightFunnel.Warehouse.Orchestrator.Events;

/// <summary>
/// A tenant's events as <c>bfw events status</c> shows them. Received = shipped + pending; pending
/// counts the whole frames of closed segments not yet shipped and of open ones (being written);
/// times are UTC.
/// </summary>
public sealed record EventStatus(string Tenant, long Received, long Shipped, long Pending, int ShippedSegments, int ClosedSegments, int OpenSegments,
    DateTime? LastEventAt)
{
    public static async Task<EventStatus> ReadAsync(WarehouseSettings settings, TenantId tenant, CancellationToken ct = default)
    {
        var spool = new SpoolFolder(settings.Events.SpoolRoot);
        var manifest = new SegmentManifest(settings.Control.ConnectionString);
        var closed = spool.ClosedSegments(tenant.Value);
        // A closed segment already in the manifest is shipped, only not yet removed: not pending.
        var recorded = await manifest.ShippedAsync(tenant, closed, ct);
        var open = spool.OpenSegments(tenant.Value);
        long pending = 0, lastMs = long.MinValue;
        foreach (var path in closed.Where(s => !recorded.Contains(s)).Select(s => spool.ClosedPath(tenant.Value, s))
                     .Concat(open.Select(s => spool.OpenPath(tenant.Value, s))))
        {
            SpoolSegment read;
            try { read = SpoolSegmentReader.Read(path); }
            catch (FileNotFoundException) { continue; } // shipped or closed meanwhile
            pending += read.Events.Count;
            foreach (var e in read.Events) lastMs = Math.Max(lastMs, e.Timestamp);
        }
        var (shipped, segments, lastShipped) = await manifest.TotalsAsync(tenant, ct);
        DateTime? last = lastMs == long.MinValue ? lastShipped : Later(lastShipped, DateTimeOffset.FromUnixTimeMilliseconds(lastMs).UtcDateTime);
        return new EventStatus(tenant.Value, shipped + pending, shipped, pending, (int)segments, closed.Count - recorded.Count, open.Count, last);
    }

    static DateTime Later(DateTime? a, DateTime b) => a is { } x && x > b ? x : b;
}
