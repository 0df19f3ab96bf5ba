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
        SpoolSegment read;
        try { read = SpoolSegmentReader.Read(path); }
        catch (IOException e) { throw new IOException($"{path}: cannot read the segment: {e.Message}", e); }
        var events = read.Events;
        // Days by integer division of the timestamp: one string per day, not one per event.
        var byDay = events.GroupBy(e => Math.DivRem(e.Timestamp, DayMs) is var (q, r) && r < 0 ? q - 1 : q).OrderBy(g => g.Key).ToList();
        var days = new List<string>(byDay.Count);
        foreach (var group in byDay)
        {
            var day = DateTimeOffset.FromUnixTimeMilliseconds(group.Key * DayMs).UtcDateTime.ToString("yyyy-MM-dd");
            var rows = group.ToList();
            await store.WriteFileAsync(lake.FileOf(day, segment), stream => WebEventParquet.WriteAsync(rows, stream, rowGroupSize, ct), ct);
            days.Add(day);
        }
        long? first = events.Count == 0 ? null : events.Min(e => e.Timestamp), last = events.Count == 0 ? null : events.Max(e => e.Timestamp);
        return new SegmentShipment(segment, events.Count, read.TornBytes, ToTime(first), ToTime(last), days);
    }

    static DateTime? ToTime(long? ms) => ms is { } t ? DateTimeOffset.FromUnixTimeMilliseconds(t).UtcDateTime : null;
}
