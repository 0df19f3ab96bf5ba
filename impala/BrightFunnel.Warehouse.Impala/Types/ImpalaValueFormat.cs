using System.Globalization;

namespace BrightFunnel.Warehouse.Impala.Types;

/// <summary>
/// The text forms Impala uses for the types it sends as strings: TIMESTAMP
/// <c>yyyy-MM-dd HH:mm:ss[.fffffffff]</c> (nine fraction digits when there is a fraction), DATE
/// <c>yyyy-MM-dd</c>, DECIMAL with exactly its scale. The engine formats with these and the client
/// parses with them, so both sides agree by construction.
/// </summary>
public static class ImpalaValueFormat
{
    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string FormatTimestamp(DateTime value)
    {
        var whole = value.ToString("yyyy-MM-dd HH:mm:ss", Invariant);
        var ticks = value.Ticks % TimeSpan.TicksPerSecond;
        // .NET keeps 100 ns ticks; Impala prints nanoseconds, so the last two digits are zeros.
        return ticks == 0 ? whole : $"{whole}.{ticks * 100:D9}";
    }

    public static DateTime ParseTimestamp(string text)
    {
        var s = text.AsSpan().Trim();
        var dot = s.IndexOf('.');
        var whole = dot < 0 ? s : s[..dot];
        var formats = new[] { "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd" };
        var value = DateTime.ParseExact(whole.ToString(), formats, Invariant, DateTimeStyles.None);
        if (dot < 0) return value;
        var fraction = s[(dot + 1)..];
        if (fraction.Length == 0 || fraction.Length > 9 || !fraction.ContainsOnlyDigits())
            throw new FormatException($"not an Impala timestamp: '{text}'");
        // Nanoseconds → 100 ns ticks (truncated: .NET cannot hold the last two digits).
        var digits = fraction.Length >= 7 ? fraction[..7] : fraction;
        var ticks = long.Parse(digits, NumberStyles.None, Invariant);
        for (var i = digits.Length; i < 7; i++) ticks *= 10;
        return value.AddTicks(ticks);
    }

    public static string FormatDate(DateOnly value) => value.ToString("yyyy-MM-dd", Invariant);

    public static DateOnly ParseDate(string text) => DateOnly.ParseExact(text.Trim(), "yyyy-MM-dd", Invariant);

    /// <summary>A decimal with exactly <paramref name="scale"/> fraction digits, as Impala prints it.</summary>
    public static string FormatDecimal(decimal value, int scale) =>
        decimal.Round(value, scale, MidpointRounding.AwayFromZero).ToString("F" + scale.ToString(Invariant), Invariant);

    public static decimal ParseDecimal(string text) =>
        decimal.Parse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, Invariant);

    static bool ContainsOnlyDigits(this ReadOnlySpan<char> s)
    {
        foreach (var c in s) if (c is < '0' or > '9') return false;
        return true;
    }
}
