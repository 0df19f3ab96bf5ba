using System.Text.RegularExpressions;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Filters;

/// <summary>
/// Relative dates of the filter grammar, resolved on the run date in the tenant's time zone to
/// an inclusive [From, To] range: TODAY, THIS_FISCAL_YEAR, LAST_FISCAL_YEAR, THIS_FISCAL_QUARTER,
/// LAST_N_DAYS:n (the n days up to today), NEXT_N_DAYS:n (today and the n days after).
/// </summary>
public sealed partial class RelativeDates(DateOnly today, int fiscalYearStartMonth)
{
    public static readonly string[] Names = ["TODAY", "THIS_FISCAL_YEAR", "LAST_FISCAL_YEAR", "THIS_FISCAL_QUARTER", "LAST_N_DAYS:n", "NEXT_N_DAYS:n"];

    public DateOnly Today => today;

    /// <summary>The run date: today in the tenant's time zone.</summary>
    public static RelativeDates ForTenant(DateTime utcNow, string timeZone, int fiscalYearStartMonth) =>
        new(DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utcNow, TimeZoneInfo.FindSystemTimeZoneById(timeZone))), fiscalYearStartMonth);

    public static bool IsRelative(string text) => text is "TODAY" or "THIS_FISCAL_YEAR" or "LAST_FISCAL_YEAR" or "THIS_FISCAL_QUARTER" || DaysPattern().IsMatch(text);

    public (DateTime From, DateTime To) Resolve(string text, string where)
    {
        var fyStart = FiscalYearStart(today);
        var (from, to) = text switch
        {
            "TODAY" => (today, today),
            "THIS_FISCAL_YEAR" => (fyStart, fyStart.AddYears(1).AddDays(-1)),
            "LAST_FISCAL_YEAR" => (fyStart.AddYears(-1), fyStart.AddDays(-1)),
            "THIS_FISCAL_QUARTER" => QuarterOf(fyStart),
            _ => Days(text, where),
        };
        return (from.ToDateTime(TimeOnly.MinValue), to.ToDateTime(TimeOnly.MinValue));
    }

    DateOnly FiscalYearStart(DateOnly d)
    {
        var start = new DateOnly(d.Year, fiscalYearStartMonth, 1);
        return d >= start ? start : start.AddYears(-1);
    }

    (DateOnly, DateOnly) QuarterOf(DateOnly fyStart)
    {
        var months = (today.Year - fyStart.Year) * 12 + today.Month - fyStart.Month;
        var from = fyStart.AddMonths(months / 3 * 3);
        return (from, from.AddMonths(3).AddDays(-1));
    }

    (DateOnly, DateOnly) Days(string text, string where)
    {
        var m = DaysPattern().Match(text);
        if (!m.Success || !int.TryParse(m.Groups["n"].Value, out var n) || n > 36500)
            throw new BadInputException($"filter rule {where}: unknown relative date '{text}' (known: {string.Join(", ", Names)})");
        return m.Groups["dir"].Value == "LAST" ? (today.AddDays(-n), today) : (today, today.AddDays(n));
    }

    [GeneratedRegex("^(?<dir>LAST|NEXT)_N_DAYS:(?<n>[0-9]{1,5})$")]
    private static partial Regex DaysPattern();
}
