using System.Globalization;
using System.Text;

namespace BrightFunnel.Warehouse.Web.Data;

/// <summary>
/// Reads what the tenant packs per listed account (sql/tenant/0033_packed_account_pages.sql; weeks by day number since 0034): lines, each
/// ending in a newline, of tab-separated fields; <c>\N</c> is NULL, and in text <c>\\</c>, <c>\t</c> and
/// <c>\n</c> are a backslash, a tab and a newline. A line that breaks these rules is an error naming
/// what was read and the line, never a row read wrong.
/// </summary>
public static class PackedLines
{
    /// <summary>The lines of <paramref name="text"/>, each as exactly <paramref name="fields"/> fields.</summary>
    public static IEnumerable<string?[]> Read(string text, int fields, string what)
    {
        var line = 0;
        for (var start = 0; start < text.Length;)
        {
            line++;
            var end = text.IndexOf('\n', start);
            if (end < 0) throw new FormatException($"{what}, line {line}: the line does not end in a newline");
            var values = text[start..end].Split('\t');
            if (values.Length != fields) throw new FormatException($"{what}, line {line}: {values.Length} fields where {fields} belong");
            var row = new string?[fields];
            for (var i = 0; i < fields; i++) row[i] = Field(values[i], what, line);
            yield return row;
            start = end + 1;
        }
    }

    public static long Long(string? value) => long.Parse(value!, CultureInfo.InvariantCulture);

    public static double Double(string? value) => double.Parse(value!, CultureInfo.InvariantCulture);

    public static decimal Decimal(string? value) => decimal.Parse(value!, CultureInfo.InvariantCulture);

    public static DateTime Date(string? value) => DateTime.ParseExact(value!, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// MySQL's TO_DAYS of DateOnly's day 0 (0001-01-01): packed days are TO_DAYS numbers (the
    /// orchestrator's MySqlDays; the web tier references none of its code).
    /// </summary>
    const int ToDaysOfDayZero = 366;

    /// <summary>A day written as a TO_DAYS number.</summary>
    public static DateOnly Day(string? toDays) => DateOnly.FromDayNumber(int.Parse(toDays!, CultureInfo.InvariantCulture) - ToDaysOfDayZero);

    static string? Field(string raw, string what, int line)
    {
        if (raw == "\\N") return null;
        if (!raw.Contains('\\')) return raw;
        var text = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '\\') { text.Append(raw[i]); continue; }
            text.Append(++i < raw.Length ? raw[i] switch
            {
                '\\' => '\\', 't' => '\t', 'n' => '\n',
                var c => throw new FormatException($"{what}, line {line}: unknown escape \\{c}"),
            } : throw new FormatException($"{what}, line {line}: a field ends in a lone backslash"));
        }
        return text.ToString();
    }
}

/// <summary>A target account's packed weeks and journey (sql/tenant/0033_packed_account_pages.sql) as the page's rows.</summary>
public static class PackedAccountPages
{
    /// <summary>The weeks, ordered by week (they are packed in no order); empty for none.</summary>
    public static List<AccountWeekRow> Weeks(string? series, string accountId) =>
        PackedLines.Read(series ?? "", 14, $"the packed weeks of account {accountId}").Select(f => new AccountWeekRow(
            PackedLines.Day(f[0]).ToDateTime(TimeOnly.MinValue), PackedLines.Long(f[1]), PackedLines.Long(f[2]), PackedLines.Long(f[3]), PackedLines.Long(f[4]),
            PackedLines.Long(f[5]), PackedLines.Long(f[6]), PackedLines.Long(f[7]), PackedLines.Decimal(f[8]), PackedLines.Double(f[9]),
            PackedLines.Double(f[10]), PackedLines.Double(f[11]), PackedLines.Double(f[12]), PackedLines.Long(f[13]) != 0)).OrderBy(w => w.WeekStart).ToList();

    /// <summary>The journey in its order, numbered from 1 (sql/web/0015_account_journey_unnumbered.sql); empty for none.</summary>
    public static List<JourneyRow> Journey(string? journey, string accountId) =>
        PackedLines.Read(journey ?? "", 8, $"the packed journey of account {accountId}").Select((f, i) => new JourneyRow(
            i + 1, PackedLines.Date(f[0]), f[1]!, f[2], f[3], f[4], f[5], PackedLines.Long(f[6]), f[7] is null ? null : PackedLines.Decimal(f[7]))).ToList();
}
