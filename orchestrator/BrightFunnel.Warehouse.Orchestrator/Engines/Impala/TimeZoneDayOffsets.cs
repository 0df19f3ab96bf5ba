using System.Data;

namespace BrightFunnel.Warehouse.Orchestrator.Engines.Impala;

/// <summary>
/// A time zone as data the cluster joins on, so that the web SQL turns epoch milliseconds into the
/// tenant's day numbers with integer arithmetic only (the same on Impala and the local engine, no
/// time-zone functions): per UTC day (<c>utc_day</c> = epoch ms DIV 86,400,000), the periods
/// [<c>from_ms</c>, <c>to_ms</c>) of one UTC offset each (<c>offset_ms</c>): one row on most days, two
/// or three on a day the zone changes its offset. Staged as the web step's table <c>web_day_offsets</c>.
/// </summary>
public static class TimeZoneDayOffsets
{
    public const long DayMs = 86_400_000;

    /// <summary>The days covered: events outside them are dated as UTC (the SQL's COALESCE to offset 0).</summary>
    public static readonly DateOnly First = new(1990, 1, 1), Last = new(2060, 12, 31);

    public static DataTable Table(TimeZoneInfo zone) => Table(zone, First, Last);

    public static DataTable Table(TimeZoneInfo zone, DateOnly first, DateOnly last)
    {
        var table = new DataTable("web_day_offsets");
        foreach (var name in new[] { "utc_day", "from_ms", "to_ms", "offset_ms" }) table.Columns.Add(name, typeof(long));
        var firstDay = first.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
        var lastDay = last.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
        for (long day = firstDay; day <= lastDay; day++)
        {
            var from = day * DayMs;
            var end = from + DayMs;
            while (from < end)
            {
                var offset = OffsetMs(zone, from);
                // Zones change offset at most once within a day: the same offset at both ends is one period.
                var to = OffsetMs(zone, end - 1) == offset ? end : NextChange(zone, from, end - 1, offset);
                table.Rows.Add(day, from, to, offset);
                from = to;
            }
        }
        return table;
    }

    static long OffsetMs(TimeZoneInfo zone, long ms) =>
        (long)zone.GetUtcOffset(DateTimeOffset.FromUnixTimeMilliseconds(ms)).TotalMilliseconds;

    /// <summary>The first millisecond in (lo, hi] whose offset is not <paramref name="offset"/> (the offset at lo; another at hi).</summary>
    static long NextChange(TimeZoneInfo zone, long lo, long hi, long offset)
    {
        while (hi - lo > 1)
        {
            var mid = lo + (hi - lo) / 2;
            if (OffsetMs(zone, mid) == offset) lo = mid; else hi = mid;
        }
        return hi;
    }
}
