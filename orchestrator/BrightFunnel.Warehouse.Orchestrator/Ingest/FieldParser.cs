using System.Globalization;

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
                if (SalesforceId.Normalize(text) is { } id) { value = id; return true; }
                reason = "malformed Salesforce id (expected 15 or 18 letters and digits)";
                return false;
            case RawType.DateTime:
                if (TryParseDateTime(text, out var utc)) { value = utc.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture); return true; }
                reason = "malformed datetime (expected e.g. 2015-03-04T17:22:10.000Z)";
                return false;
            case RawType.Date:
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
        // Salesforce writes offsets without a colon (+0000); .NET's zzz wants one.
        var normalized = text.Length > 5 && (text[^5] is '+' or '-') && char.IsAsciiDigit(text[^1]) && text[^3] != ':'
            ? text[..^2] + ":" + text[^2..]
            : text;
        if (DateTime.TryParseExact(normalized, DateTimeFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out utc))
            return true;
        return false;
    }

    static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent && i < 28; i++) result *= 10;
        return result;
    }
}
