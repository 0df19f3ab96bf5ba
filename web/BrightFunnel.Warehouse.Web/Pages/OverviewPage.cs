using System.Text;
using BrightFunnel.Warehouse.Web.Data;
using static BrightFunnel.Warehouse.Web.Pages.Html;

namespace BrightFunnel.Warehouse.Web.Pages;

/// <summary>
/// KPI cards (attributed pipeline and revenue, influenced opportunities, unattributed, cost, return),
/// attributed against unattributed, the top campaigns and channels, the channel trend and the quarter trend;
/// all time, or a date range with its comparison.
/// </summary>
public static class OverviewPage
{
    const int Top = 5;

    public static Task<IResult> Render(PageContext page, PublishedSnapshot data) =>
        page.CachedPage(data, "overview", "Overview", () => Body(page, data), charts: true, ranged: true);

    /// <summary>
    /// The cards: attributed pipeline and revenue and influenced opportunities over every quarter, each
    /// with its latest quarter's change against the quarter before (the latest is to date: the data's
    /// as-of date); in a date range, over its quarters, with the change against the comparison period
    /// when one is chosen. Cost: the campaigns' whole spend; return: attributed revenue ÷ cost, under
    /// 'all' for all time only.
    /// </summary>
    static async Task<string> KpiCards(PageContext page, PublishedSnapshot data, DateRange? range, double unattributed)
    {
        var (pipeline, pipelineThen) = await Periods(data, page.Selection with { Stage = "pipeline" }, range);
        var (revenue, revenueThen) = await Periods(data, page.Selection with { Stage = "revenue" }, range);
        var cost = (await data.Campaigns(page.Selection)).Where(c => !c.Unattributed).Sum(c => c.Cost ?? 0);
        var attributedRevenue = revenue.Sum(q => q.AttributedAmount);
        var model = Glossary.ModelName(page.Selection.Model);
        var html = new StringBuilder("""<section class="kpis" id="kpis">""");
        html.Append(Card("kpi-pipeline", $"Attributed pipeline ({model})", Compact(pipeline.Sum(q => q.AttributedAmount), page.Publication.Currency),
            Change(range, pipeline, pipelineThen, q => q.AttributedAmount), Glossary.Metric("attributedAmount").Definition));
        html.Append(Card("kpi-revenue", $"Attributed revenue ({model})", Compact(attributedRevenue, page.Publication.Currency),
            Change(range, revenue, revenueThen, q => q.AttributedAmount), Glossary.Metric("attributedAmount").Definition));
        html.Append(Card("kpi-influenced", "Influenced opportunities", Count(pipeline.Sum(q => q.Opportunities - q.UnattributedOpportunities)),
            Change(range, pipeline, pipelineThen, q => q.Opportunities - q.UnattributedOpportunities), "Opportunities created with at least one counted touch."));
        html.Append(Card("kpi-unattributed", $"Unattributed {page.Selection.Stage}", Compact(unattributed, page.Publication.Currency), "",
            Glossary.Metric("unattributed").Definition));
        html.Append(Card("kpi-cost", "Cost", Compact((double)cost, page.Publication.Currency), "", Glossary.Metric("cost").Definition));
        var whole = page.Selection.Filter == "all" && range is null;
        var ret = whole && cost > 0 ? Times(attributedRevenue / (double)cost) : "n/a";
        html.Append(Card("kpi-return", "Return on cost", ret, "", whole ? "Attributed revenue ÷ cost, as ×."
            : range is null ? Glossary.CostUnderAFilter : Glossary.CostInARange));
        return html.Append("</section>").ToString();
    }

    /// <summary>The quarters a card sums (every one for all time) and those it compares with (none for all time: the card compares the latest two).</summary>
    static async Task<(IReadOnlyList<QuarterRow> Now, IReadOnlyList<QuarterRow> Then)> Periods(PublishedSnapshot data, Selection s, DateRange? range) =>
        range is null ? (await data.Quarters(s), []) : await data.QuartersOf(s, range);

    static string Card(string id, string label, string value, string change, string definition) =>
        $"""<div id="{id}" title="{E(definition)}"><span class="label">{E(label)}</span><span class="value">{E(value)}</span>{change}</div>""";

    /// <summary>
    /// All time: the latest quarter against the one before, e.g. "FY2026 Q4 to date vs Q3: +12.3 %". In a
    /// range: the range against its comparison period, none without one.
    /// </summary>
    static string Change(DateRange? range, IReadOnlyList<QuarterRow> quarters, IReadOnlyList<QuarterRow> then, Func<QuarterRow, double> value)
    {
        if (range is not null)
        {
            if (!range.Compared) return "";
            var (sumNow, sumThen) = (quarters.Sum(value), then.Sum(value));
            return Html.Change(sumThen == 0 ? null : (sumNow - sumThen) / sumThen, $"vs {range.ComparisonLabel}: ");
        }
        if (quarters.Count < 2) return "";
        var (latest, before) = (quarters[^1], quarters[^2]);
        var (now, previous) = (value(latest), value(before));
        return Html.Change(previous == 0 ? null : (now - previous) / previous, $"{latest.Label} vs {before.Label}: ");
    }

    /// <summary>
    /// Attributed amount per channel and fiscal quarter, the <see cref="TrendChannels"/> largest channels
    /// over the last <see cref="TrendQuarters"/> quarters (to the range's last quarter in a range).
    /// </summary>
    static async Task<string> ChannelTrend(PageContext page, PublishedSnapshot data, DateRange? range)
    {
        var rows = await data.ChannelQuarters(page.Selection);
        var last = range?.Quarters[^1].Index ?? (rows.Count == 0 ? 0 : rows.Max(r => new FiscalQuarter(r.FiscalYear, r.FiscalQuarter).Index));
        var quarters = Enumerable.Range(last - TrendQuarters + 1, TrendQuarters).Select(FiscalQuarter.At).ToList();
        var shown = rows.Where(r => new FiscalQuarter(r.FiscalYear, r.FiscalQuarter).Index > last - TrendQuarters
                                    && new FiscalQuarter(r.FiscalYear, r.FiscalQuarter).Index <= last).ToList();
        var channels = shown.GroupBy(r => r.Key).OrderByDescending(g => g.Sum(r => r.AttributedAmount)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(TrendChannels).ToList();
        return "<h2>Channel trend</h2>" + Chart("channel-trend", Lines(quarters.Select(q => q.Label),
            channels.Select(g => (g.Key, quarters.Select(q => g.Where(r => r.FiscalYear == q.Year && r.FiscalQuarter == q.Quarter).Sum(r => r.AttributedAmount)))).ToArray()),
            $"attributed amount per fiscal quarter of the {channels.Count} largest channels");
    }

    const int TrendQuarters = 8, TrendChannels = 6;

    static async Task<string> Body(PageContext page, PublishedSnapshot data)
    {
        var range = page.Range;
        var campaigns = await data.Campaigns(page.Selection, range);
        var channels = await data.Channels(page.Selection, range);
        var quarters = await data.Quarters(page.Selection);
        var attributed = campaigns.Where(c => !c.Unattributed).Sum(c => c.AttributedAmount);
        var unattributed = campaigns.FirstOrDefault(c => c.Unattributed)?.AttributedAmount ?? 0;

        var body = new StringBuilder(RangeNote(range));
        body.Append(await KpiCards(page, data, range, unattributed));
        body.Append(Chart("split", Bars(["attributed", "unattributed"], "amount", [attributed, unattributed]), "attributed against unattributed amount"));
        body.Append("<div class=\"columns\"><section><h2>Top campaigns</h2><table><thead><tr><th>Campaign</th><th>Channel</th><th class=\"n\">Attributed</th></tr></thead><tbody>");
        foreach (var c in campaigns.Where(c => !c.Unattributed).Take(Top))
            body.Append($"""<tr><td><a href="{E(page.Link("/models", ("campaign", c.CampaignId)))}">{E(c.Name)}</a></td><td>{E(c.Channel)}</td><td class="n">{Money(c.AttributedAmount)}</td></tr>""");
        body.Append("</tbody></table></section><section><h2>Top channels</h2><table><thead><tr><th>Channel</th><th class=\"n\">Attributed</th></tr></thead><tbody>");
        foreach (var c in channels.Where(c => !c.Unattributed).Take(Top))
            body.Append($"""<tr><td><a href="{E(page.Link("/campaigns", ("channel", c.Channel)))}">{E(c.Channel)}</a></td><td class="n">{Money(c.AttributedAmount)}</td></tr>""");
        body.Append("</tbody></table></section></div>");
        body.Append(await ChannelTrend(page, data, range));
        body.Append("<h2>Quarter trend</h2>");
        body.Append(Chart("trend", Lines(quarters.Select(q => q.Label),
            ("attributed", quarters.Select(q => q.AttributedAmount)), ("unattributed", quarters.Select(q => (double)q.UnattributedAmount))),
            "attributed and unattributed amount per fiscal quarter"));
        return body.ToString();
    }
}
