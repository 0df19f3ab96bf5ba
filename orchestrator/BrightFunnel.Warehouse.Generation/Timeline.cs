namespace BrightFunnel.Warehouse.Generation;

/// <summary>
/// The generated tenant's calendar. The reference date R is derived from the seed (never from
/// the clock), unless the caller gives it (<c>bfw generate --as-of</c>): the export is "taken" at R 00:00:00Z, so every generated timestamp is before it;
/// the activity window is the <see cref="WindowDays"/> days before R. Days are counted from the
/// window's first day (day 0); negative days are before the window (old accounts, contacts).
/// Timestamps are UTC ticks at whole seconds.
/// </summary>
public sealed class Timeline
{
    /// <summary>About three years of activity before the reference date.</summary>
    public const int WindowDays = 1096;

    static readonly DateOnly LatestReference = new(2025, 1, 1);

    /// <param name="asOf">R itself, when the caller wants data up to a date of its own (the demo: a week from today).</param>
    public Timeline(ulong seed, DateOnly? asOf = null)
    {
        ReferenceDate = asOf ?? ReferenceDateFor(seed);
        WindowStart = ReferenceDate.AddDays(-WindowDays);
        windowStartTicks = WindowStart.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).Ticks;
    }

    readonly long windowStartTicks;

    /// <summary>R: a date between 2023-01-01 and 2025-01-01 chosen by the seed.</summary>
    public DateOnly ReferenceDate { get; }

    /// <summary>Day 0: R − <see cref="WindowDays"/>.</summary>
    public DateOnly WindowStart { get; }

    /// <summary>The reference date a seed produces (2023-01-01 … 2025-01-01).</summary>
    public static DateOnly ReferenceDateFor(ulong seed) => LatestReference.AddDays(-(int)(Rng.Mix(seed ^ 0x5EED_DA7E) % 732));

    public static DateOnly ReferenceDateFor(long seed) => ReferenceDateFor(unchecked((ulong)seed));

    /// <summary>R 00:00:00Z in ticks: the exclusive upper bound of every generated timestamp.</summary>
    public long EndTicks => DayStart(WindowDays);

    public long DayStart(int day) => windowStartTicks + day * TimeSpan.TicksPerDay;

    public int DayOf(long ticks) => (int)Math.Floor((ticks - windowStartTicks) / (double)TimeSpan.TicksPerDay);

    public DateOnly Date(int day) => WindowStart.AddDays(day);

    /// <summary>A time on <paramref name="day"/>, mostly in (US and European) business hours.</summary>
    public long TimeOn(int day, ref Rng rng)
    {
        // 85 % between 08:00 and 23:00 UTC, the rest at any hour.
        var seconds = rng.Chance(0.85) ? 8 * 3600 + rng.Next(15 * 3600) : rng.Next(24 * 3600);
        return DayStart(day) + seconds * TimeSpan.TicksPerSecond;
    }

    /// <summary>A random timestamp in [<paramref name="fromTicks"/>, <paramref name="toTicks"/>), at whole seconds.</summary>
    public static long Between(long fromTicks, long toTicks, ref Rng rng)
    {
        var seconds = (toTicks - fromTicks) / TimeSpan.TicksPerSecond;
        if (seconds <= 0) return fromTicks;
        return fromTicks + rng.NextLong(seconds) * TimeSpan.TicksPerSecond;
    }

    /// <summary>A moment after <paramref name="ticks"/> (seconds to weeks later), never reaching R.</summary>
    public long Later(long ticks, ref Rng rng, int maxDays = 120)
    {
        var end = EndTicks - TimeSpan.TicksPerSecond;
        if (ticks >= end) return end;
        if (rng.Chance(0.3)) return ticks;
        var until = Math.Min(end, ticks + (1 + rng.Next(maxDays)) * TimeSpan.TicksPerDay);
        return Between(ticks, until, ref rng);
    }

    /// <summary>LastModifiedDate and SystemModstamp for a record created at <paramref name="created"/>.</summary>
    public (long Modified, long System) Modstamps(long created, ref Rng rng, int maxDays = 400)
    {
        var modified = Later(created, ref rng, maxDays);
        var system = rng.Chance(0.8) ? modified : Later(modified, ref rng, 10);
        return (modified, system);
    }
}
