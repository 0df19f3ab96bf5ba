using System.Globalization;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Ingest;

/// <summary>
/// Turns one exported value into the text MySQL loads for its column, or says why it cannot:
/// Salesforce datetimes (<c>2015-03-04T17:22:10.000Z</c>, <c>…+0000</c>) become UTC, 15-char ids
/// become 18-char, booleans are <c>true</c>/<c>false</c>. Empty values are null (handled by the caller).
/// </summary>
public static class FieldParser
{
    static readonly string[] DateTimeFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd",
    ];

    public static bool TryParse(RawColumn column, string text, out string value, out string reason)
    {
        reason = "";
        value = text;
        switch (column.Type)
        {
            case RawType.SalesforceId:
                if (SalesforceId.TryTo18(text, out var id)) { value = id; return true; }
                reason = "malformed Salesforce id (expected 15 characters, or 18 with a matching checksum suffix)";
                return false;
            case RawType.DateTime:
                // The export's UTC shape already holds the digits MySQL wants: only the 'T' changes.
                if (TryParseUtcExport(text, out _)) { value = string.Create(23, text, static (s, t) => { t.AsSpan(0, 23).CopyTo(s); s[10] = ' '; }); return true; }
                if (TryParseDateTime(text, out var utc)) { value = utc.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture); return true; }
                reason = "malformed datetime (expected e.g. 2015-03-04T17:22:10.000Z)";
                return false;
            case RawType.Date:
                if (IsPlainDate(text)) return true;
                if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    || (TryParseDateTime(text, out var dt) && (date = DateOnly.FromDateTime(dt)) != default))
                {
                    value = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                    return true;
                }
                reason = "malformed date (expected e.g. 2015-03-04)";
                return false;
            case RawType.Decimal:
                if (decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                        CultureInfo.InvariantCulture, out var number))
                {
                    number = Math.Round(number, column.Scale, MidpointRounding.AwayFromZero);
                    if (Math.Abs(number) < Pow10(column.Precision - column.Scale))
                    {
                        value = number.ToString(CultureInfo.InvariantCulture);
                        return true;
                    }
                    reason = $"number out of range for DECIMAL({column.Precision},{column.Scale})";
                    return false;
                }
                reason = "malformed number";
                return false;
            case RawType.Integer:
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) && integer is >= int.MinValue and <= int.MaxValue)
                {
                    value = integer.ToString(CultureInfo.InvariantCulture);
                    return true;
                }
                reason = "malformed whole number";
                return false;
            case RawType.Boolean:
                if (text.Equals("true", StringComparison.OrdinalIgnoreCase) || text == "1") { value = "1"; return true; }
                if (text.Equals("false", StringComparison.OrdinalIgnoreCase) || text == "0") { value = "0"; return true; }
                reason = "malformed boolean (expected true or false)";
                return false;
            default:
                if (column.MaxLength > 0 && text.Length > column.MaxLength)
                {
                    reason = $"value longer than {column.MaxLength} characters";
                    return false;
                }
                return true;
        }
    }

    public static bool TryParseDateTime(string text, out DateTime utc)
    {
        if (TryParseUtcExport(text, out utc)) return true;
        // Salesforce writes offsets without a colon (+0000); .NET's zzz wants one.
        var normalized = text.Length > 5 && (text[^5] is '+' or '-') && char.IsAsciiDigit(text[^1]) && text[^3] != ':'
            ? text[..^2] + ":" + text[^2..]
            : text;
        if (DateTime.TryParseExact(normalized, DateTimeFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out utc))
            return true;
        return false;
    }

    /// <summary>
    /// The shape nearly every exported datetime has — <c>2015-03-04T17:22:10.000Z</c> or
    /// <c>…+0000</c> — parsed without the general parser, which dominates ingest time otherwise.
    /// </summary>
    static bool TryParseUtcExport(string t, out DateTime utc)
    {
        utc = default;
        var zulu = t.Length == 24 && t[23] == 'Z';
        var zero = t.Length == 28 && t.EndsWith("+0000", StringComparison.Ordinal);
        if (!(zulu || zero) || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' || t[16] != ':' || t[19] != '.') return false;
        if (!Digits(t, 0, 4, out var year) || !Digits(t, 5, 2, out var month) || !Digits(t, 8, 2, out var day)
            || !Digits(t, 11, 2, out var hour) || !Digits(t, 14, 2, out var minute) || !Digits(t, 17, 2, out var second)
            || !Digits(t, 20, 3, out var ms))
            return false;
        if (month is < 1 or > 12 || day < 1 || year < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            return false;
        utc = new DateTime(year, month, day, hour, minute, second, ms, DateTimeKind.Utc);
        return true;
    }

    /// <summary><c>yyyy-MM-dd</c> naming a real day: stored as it came, without a parse and format round trip.</summary>
    static bool IsPlainDate(string t) =>
        t.Length == 10 && t[4] == '-' && t[7] == '-' && Digits(t, 0, 4, out var year) && Digits(t, 5, 2, out var month) && Digits(t, 8, 2, out var day)
        && year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);

    static bool Digits(string t, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var d = t[i] - '0';
            if ((uint)d > 9) return false;
            value = value * 10 + d;
        }
        return true;
    }

    static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent && i < 28; i++) result *= 10;
        return result;
    }
}
