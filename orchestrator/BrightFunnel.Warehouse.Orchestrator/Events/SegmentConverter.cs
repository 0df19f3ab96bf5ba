using System.Text.RegularExpressions;
using BrightFunnel.Warehouse.Events;
using BrightFunnel.Warehouse.Impala.Staging;

namespace BrightFunnel.Warehouse.Orchestrator.Events;

/// <summary>
/// One closed spool segment → one Parquet file per UTC day it holds, through the staging store at
/// <see cref="EventLake.FileOf"/>. The file names depend only on the segment and the day, so
/// converting the same segment again overwrites rather than duplicates.
/// </summary>
public sealed partial class SegmentConverter(EventLake lake, IStagingStore store, int rowGroupSize)
{
    const long DayMs = 86_400_000;

    /// <summary>What a segment name may be: it becomes a file name in the lake and a key in the manifest.</summary>
    [GeneratedRegex("^[A-Za-z0-9_.-]{1,100}$")]
    public static partial Regex SegmentName();

    public async Task<SegmentShipment> ConvertAsync(string path, CancellationToken ct)
    {
        var segment = Path.GetFileNameWithoutExtension(path);
        if (!SegmentName().IsMatch(segment))
            throw new BadInputException($"{path}: not a spool segment name (letters, digits, '_', '-', '.'; at most 100)");
        SpoolColumns read;
        try { read = SpoolSegmentReader.ReadColumns(path); }
        catch (IOException e) { throw new IOException($"{path}: cannot read the segment: {e.Message}", e); }
        // Days by integer division of the timestamp: one string per day, not one per event.
        var count = read.Count;
        var stamps = read.Timestamps;
        var dayOf = new long[count];
        long first = long.MaxValue, last = long.MinValue;
        for (var i = 0; i < count; i++)
        {
            var t = stamps[i];
            dayOf[i] = Math.DivRem(t, DayMs) is var (q, r) && r < 0 ? q - 1 : q;
            if (t < first) first = t;
            if (t > last) last = t;
        }
        var keys = dayOf.Distinct().Order().ToList();
        var days = new List<string>(keys.Count);
        foreach (var key in keys)
        {
            var day = DateTimeOffset.FromUnixTimeMilliseconds(key * DayMs).UtcDateTime.ToString("yyyy-MM-dd");
            // Most segments hold one day: written as read. Otherwise the day's events, in segment order.
            var rows = keys.Count == 1 ? read : read.Take(Enumerable.Range(0, count).Where(i => dayOf[i] == key).ToArray());
            await store.WriteFileAsync(lake.FileOf(day, segment), stream => WebEventParquet.WriteAsync(rows, stream, rowGroupSize, ct), ct);
            days.Add(day);
        }
        return new SegmentShipment(segment, count, read.TornBytes, count == 0 ? null : ToTime(first), count == 0 ? null : ToTime(last), days);
    }

    static DateTime? ToTime(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime;
}
