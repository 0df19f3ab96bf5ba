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
    static readonly NLog.Logger Log = NLog.LogManager.GetCurrentClassLogger();

    const long DayMs = 86_400_000;

    /// <summary>What a segment name may be: it becomes a file name in the lake and a key in the manifest.</summary>
    [GeneratedRegex("^[A-Za-z0-9_.-]{1,100}$")]
    public static partial Regex SegmentName();

    public async Task<SegmentShipment> ConvertAsync(string path, CancellationToken ct)
    {
        var segment = Path.GetFileNameWithoutExtension(path);
        if (!SegmentName().IsMatch(segment))
            throw new BadInputException($"{path}: not a spool segment name (letters, digits, '_', '-', '.'; at most 100)");
        SpoolFields read;
        try { read = SpoolSegmentReader.ReadFields(path); }
        catch (IOException e) { throw new IOException($"{path}: cannot read the segment: {e.Message}", e); }
        using (read)
        {
            // Refused before any day's file is written, so a bad segment leaves nothing half-shipped behind.
            if (read.UnknownType() is { } odd) throw new BadInputException($"{path}: {odd}; the segment stays in the spool");
            if (read.MendedTexts > 0)
                Log.Warn("spool segment {segment}: {texts} text value(s) were not UTF-8; each invalid byte is stored as '?'", segment, read.MendedTexts);
            // Days by integer division of the timestamp, then the events grouped by day in one pass
            // (a counting sort, segment order kept within a day): one string per day, not one per event.
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
            var keys = dayOf.Distinct().Order().ToArray();
            var slot = new Dictionary<long, int>(keys.Length);
            for (var k = 0; k < keys.Length; k++) slot[keys[k]] = k;
            var bounds = new int[keys.Length + 1];
            var daySlot = new int[count];
            for (var i = 0; i < count; i++) bounds[(daySlot[i] = slot[dayOf[i]]) + 1]++;
            for (var k = 1; k < bounds.Length; k++) bounds[k] += bounds[k - 1];
            var order = new int[count];
            var next = (int[])bounds.Clone();
            for (var i = 0; i < count; i++) order[next[daySlot[i]]++] = i;
            var days = new List<string>(keys.Length);
            for (var k = 0; k < keys.Length; k++)
            {
                var day = DateTimeOffset.FromUnixTimeMilliseconds(keys[k] * DayMs).UtcDateTime.ToString("yyyy-MM-dd");
                var (from, to) = (bounds[k], bounds[k + 1]);
                await store.WriteFileAsync(lake.FileOf(day, segment), stream =>
                {
                    WebEventParquet.Write(read, order.AsSpan(from, to - from), stream, rowGroupSize);
                    return Task.CompletedTask;
                }, ct);
                days.Add(day);
            }
            return new SegmentShipment(segment, count, read.TornBytes, count == 0 ? null : ToTime(first), count == 0 ? null : ToTime(last), days);
        }
    }

    static DateTime? ToTime(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime;
}
