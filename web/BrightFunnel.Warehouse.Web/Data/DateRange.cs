using System.Globalization;

namespace BrightFunnel.Warehouse.Web.Data;

/// <summary>A fiscal quarter (the year named by the calendar year it ends in, as the warehouse names it).</summary>
public readonly record struct FiscalQuarter(int Year, int Quarter)
{
    /// <summary>Quarters in order, four a year: one quarter earlier is one less.</summary>
    public int Index => Year * 4 + Quarter - 1;

    public static FiscalQuarter At(int index) => new(Math.DivRem(index, 4).Quotient, Math.DivRem(index, 4).Remainder + 1);

    /// <summary>The quarter a day is in, for a fiscal year starting in <paramref name="startMonth"/> (cn_build_opportunities' rule).</summary>
    public static FiscalQuarter Of(DateOnly day, int startMonth) =>
        new(day.Year + (startMonth > 1 && day.Month >= startMonth ? 1 : 0), (day.Month - startMonth + 12) % 12 / 3 + 1);

    public string Label => $"FY{Year} Q{Quarter}";
}

/// <summary>
/// The date range of a view (<c>range=</c>) and the period it is compared with (<c>compare=</c>), in
/// whole fiscal quarters of the date each stage reports in (created date for pipeline, close date for
/// revenue), counted from the quarter of the version's as-of date. "This quarter" runs to that date.
/// <list type="bullet">
/// <item>this-quarter, last-quarter: one quarter; this-year: the fiscal year's quarters to the as-of
/// quarter; last-12-months: the four quarters to the as-of quarter.</item>
/// <item>previous: as many quarters right before (this-year: the same quarters of the year before);
/// year-ago: the same quarters a year earlier.</item>
/// </list>
/// </summary>
public sealed record DateRange(string Range, string Compare, IReadOnlyList<FiscalQuarter> Quarters, IReadOnlyList<FiscalQuarter> Comparison)
{
    public static readonly IReadOnlyList<string> Ranges = ["all", "this-quarter", "last-quarter", "this-year", "last-12-months"];
    public static readonly IReadOnlyList<string> Compares = ["none", "previous", "year-ago"];

    /// <summary>The names the selectors give them.</summary>
    public static string RangeName(string range) => range switch
    {
        "all" => "All time", "this-quarter" => "This quarter", "last-quarter" => "Last quarter",
        "this-year" => "This fiscal year", "last-12-months" => "Last 12 months", _ => range,
    };

    public static string CompareName(string compare) => compare switch
    {
        "none" => "No comparison", "previous" => "Previous period", "year-ago" => "Same period a year ago", _ => compare,
    };

    public bool Compared => Comparison.Count > 0;

    public bool Contains(int fiscalYear, int fiscalQuarter) => Quarters.Contains(new FiscalQuarter(fiscalYear, fiscalQuarter));

    public bool InComparison(int fiscalYear, int fiscalQuarter) => Comparison.Contains(new FiscalQuarter(fiscalYear, fiscalQuarter));

    public string Label => Span(Quarters);

    public string ComparisonLabel => Span(Comparison);

    static string Span(IReadOnlyList<FiscalQuarter> quarters) => quarters.Count switch
    {
        0 => "",
        1 => quarters[0].Label,
        _ => $"{quarters[0].Label} – {quarters[^1].Label}",
    };

    /// <summary>
    /// The selection's range in quarters; null for all time. A version published before it kept its
    /// as-of date and fiscal year has no "this quarter": the range is refused, naming the parameter.
    /// </summary>
    public static DateRange? Resolve(Selection s, Publication publication)
    {
        if (s.Range == "all") return null;
        if (publication.AsOf is not { } asOf || publication.FiscalYearStartMonth is not { } start)
            throw new Pages.BadSelectionException("range", "this version was published before date ranges were kept; a date range needs the tenant's next run");
        var now = FiscalQuarter.Of(asOf, start).Index;
        var (from, count, back) = s.Range switch
        {
            "this-quarter" => (now, 1, 1),
            "last-quarter" => (now - 1, 1, 1),
            "this-year" => (now - (FiscalQuarter.At(now).Quarter - 1), FiscalQuarter.At(now).Quarter, 4),
            "last-12-months" => (now - 3, 4, 4),
            _ => throw new Pages.BadSelectionException("range", $"range must be one of {string.Join(", ", Ranges)}, got '{s.Range}'"),
        };
        var shift = s.Compare switch { "previous" => back, "year-ago" => 4, _ => 0 };
        return new DateRange(s.Range, s.Compare, Enumerable.Range(from, count).Select(FiscalQuarter.At).ToList(),
            shift == 0 ? [] : Enumerable.Range(from - shift, count).Select(FiscalQuarter.At).ToList());
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Range}|{Compare}");
}
