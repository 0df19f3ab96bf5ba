using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace BrightFunnel.Warehouse.Web.Pages;

/// <summary>Encoding and number formats of the pages: every value from the database goes through <see cref="E"/>.</summary>
public static class Html
{
    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    public static string Money(double value) => value.ToString("#,##0", CultureInfo.InvariantCulture);
    public static string Money(decimal value) => value.ToString("#,##0", CultureInfo.InvariantCulture);
    public static string Money(decimal? value) => value is { } v ? Money(v) : "";
    /// <summary>
    /// A change as a signed percentage after <paramref name="label"/> (+12.3 %, −4.0 %, ±0 % under
    /// 0.05 %), marked up or down; "n/a" where there is nothing to compare with (null).
    /// </summary>
    public static string Change(double? fraction, string label = "") => fraction switch
    {
        null => $"""<span class="change">{E(label)}n/a</span>""",
        var c when Math.Abs(c.Value) < 0.0005 => $"""<span class="change">{E(label)}±0 %</span>""",
        var c => $"""<span class="change {(c > 0 ? "up" : "down")}">{E(label)}{(c > 0 ? "+" : "−")}{Math.Abs(c.Value * 100).ToString("0.0", CultureInfo.InvariantCulture)} %</span>""",
    };

    /// <summary>A compact amount with its currency: $12.8M, €940K, CHF 512 (the code where a symbol would be ambiguous).</summary>
    public static string Compact(double value, string? currency) => currency switch
    {
        "USD" => "$" + Compact(value), "EUR" => "€" + Compact(value), "GBP" => "£" + Compact(value), "JPY" => "¥" + Compact(value),
        null => Compact(value),
        _ => currency + " " + Compact(value),
    };

    /// <summary>An amount as a card shows it: 12.8M, 940K, 512.</summary>
    public static string Compact(double value) => Math.Abs(value) switch
    {
        >= 1e9 => (value / 1e9).ToString("0.#", CultureInfo.InvariantCulture) + "B",
        >= 1e6 => (value / 1e6).ToString("0.#", CultureInfo.InvariantCulture) + "M",
        >= 1e4 => (value / 1e3).ToString("0", CultureInfo.InvariantCulture) + "K",
        _ => value.ToString("#,##0", CultureInfo.InvariantCulture),
    };

    /// <summary>A day as the pages write it (ISO 8601); empty for none.</summary>
    public static string Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    public static string Count(double value) => value.ToString("#,##0.##", CultureInfo.InvariantCulture);
    public static string Ratio(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "";

    /// <summary>A return as a multiple (ROI 3.2×): "ROI 3240.86" read as a percentage or as nothing.</summary>
    public static string Times(double? value) => value is { } v ? v.ToString("#,##0.00", CultureInfo.InvariantCulture) + "×" : "";

    /// <summary>A column head with the metric's plain name and, on hover, its definition (<see cref="Glossary"/>).</summary>
    public static string Head(string metricKey, bool number = true)
    {
        var term = Glossary.Metric(metricKey);
        return $"""<th{(number ? " class=\"n\"" : "")} title="{E(term.Definition)}">{E(term.Name)}</th>""";
    }

    /// <summary>The heads of the seven figure cells (<see cref="FigureCells"/>), in their order.</summary>
    public static readonly string FigureHeads = string.Concat(
        new[] { "attributedAmount", "attributedOpportunities", "influencedAmount", "influencedOpportunities", "touches", "cost", "roi" }.Select(k => Head(k)));

    /// <summary>
    /// The seven figure cells the campaign and channel tables share, in their column order; then, in a
    /// date range with a comparison, the comparison period's attributed amount and the change.
    /// </summary>
    public static string FigureCells(Data.PerformanceRow r, Data.DateRange? range = null) =>
        $"""<td class="n">{Money(r.AttributedAmount)}</td><td class="n">{Count(r.AttributedOpportunities)}</td><td class="n">{Money(r.InfluencedAmount)}</td><td class="n">{r.InfluencedOpportunities}</td><td class="n">{(r.Touches is { } t ? t.ToString(CultureInfo.InvariantCulture) : "n/a")}</td><td class="n">{Money(r.Cost)}</td><td class="n">{Times(r.Roi)}</td>""" +
        (range is { Compared: true } ? $"""<td class="n">{Money(r.ComparisonAmount ?? 0)}</td><td class="n">{Change(r.Change)}</td>""" : "");

    /// <summary>The heads of the comparison cells of <see cref="FigureCells"/>: none without a comparison.</summary>
    public static string ComparisonHeads(Data.DateRange? range) => range is { Compared: true }
        ? $"""<th class="n" title="{E(Glossary.Metric("comparisonAmount").Definition)}">Attributed {E(range.ComparisonLabel)}</th><th class="n" title="{E(Glossary.Metric("change").Definition)}">Change</th>"""
        : "";

    /// <summary>The line above a table in a date range: which quarters, compared with which, and what a range means.</summary>
    public static string RangeNote(Data.DateRange? range) => range is null ? "" :
        $"""<p class="note" id="range-note"><strong id="range-label">{E(range.Label)}</strong>{(range.Compared ? $" compared with <strong id=\"comparison-label\">{E(range.ComparisonLabel)}</strong>" : "")}. {E(Glossary.DateRanges)}</p>""";

    static readonly JsonSerializerOptions ChartJson = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// A chart: an empty element that /app.js fills, and its ECharts option as JSON in a data block
    /// (not a script that runs), so the page needs no inline script under the CSP. The serializer
    /// escapes &lt; and &gt;, so data cannot close the block.
    /// </summary>
    public static string Chart(string id, object option, string label) =>
        $"""<div class="chart" id="{id}" data-option="{id}-option" role="img" aria-label="{E(label)}"></div>""" +
        $"""<script type="application/json" id="{id}-option">{JsonSerializer.Serialize(option, ChartJson)}</script>""";

    /// <summary>
    /// Tooltips drawn by ECharts itself (rich text on the canvas): its HTML tooltips carry inline
    /// style attributes, which the page's CSP (style-src 'self') refuses, leaving them unstyled with
    /// name and value run together.
    /// </summary>
    static readonly object Tooltip = new { trigger = "axis", renderMode = "richText" };

    /// <summary>A bar chart, one bar per category.</summary>
    public static object Bars(IEnumerable<string> categories, string series, IEnumerable<double> values) => new
    {
        animation = false,
        tooltip = Tooltip,
        grid = new { left = 90, right = 20, top = 30, bottom = 90 },
        xAxis = new { type = "category", data = categories.ToArray(), axisLabel = new { rotate = 30, interval = 0 } },
        yAxis = new { type = "value" },
        series = new[] { new { name = series, type = "bar", data = values.Select(v => Math.Round(v, 2)).ToArray() } },
    };

    /// <summary>Lines over the same categories, one per series.</summary>
    public static object Lines(IEnumerable<string> categories, params (string Name, IEnumerable<double> Values)[] series) => new
    {
        animation = false,
        tooltip = Tooltip,
        legend = new { top = 0 },
        grid = new { left = 90, right = 20, top = 40, bottom = 40 },
        xAxis = new { type = "category", data = categories.ToArray() },
        yAxis = new { type = "value" },
        series = series.Select(s => new { name = s.Name, type = "line", data = s.Values.Select(v => Math.Round(v, 2)).ToArray() }).ToArray(),
    };
}
