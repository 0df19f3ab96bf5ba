using System.Text;
using BrightFunnel.Warehouse.Web.Data;
using static BrightFunnel.Warehouse.Web.Pages.Html;

namespace BrightFunnel.Warehouse.Web.Pages;

/// <summary>
/// KPI cards (attributed pipeline and revenue, influenced opportunities, unattributed, cost, return),
/// attributed against unattributed, the top campaigns and channels, and the quarter trend.
/// </summary>
public static class OverviewPage
{
    const int Top = 5;

    public static Task<IResult> Render(PageContext page, PublishedSnapshot data) =>
        page.CachedPage(data, "overview", "Overview", () => Body(page, data), charts: true);

    /// <summary>
    /// The cards: attributed pipeline and revenue and influenced opportunities over every quarter, each
    /// with its latest quarter's change against the quarter before (the latest is to date: the data's
    /// as-of date); cost, the campaigns' whole spend; return, attributed revenue ÷ cost, under 'all' only.
    /// </summary>
    static async Task<string> KpiCards(PageContext page, PublishedSnapshot data, IReadOnlyList<CampaignRow> campaigns, double unattributed)
    {
        var pipeline = await data.Quarters(page.Selection with { Stage = "pipeline" });
        var revenue = await data.Quarters(page.Selection with { Stage = "revenue" });
        var cost = campaigns.Where(c => !c.Unattributed).Sum(c => c.Cost ?? 0);
        var attributedRevenue = revenue.Sum(q => q.AttributedAmount);
        var html = new StringBuilder("""<section class="kpis" id="kpis">""");
        html.Append(Card("kpi-pipeline", $"Attributed pipeline ({Glossary.ModelName(page.Selection.Model)})", Compact(pipeline.Sum(q => q.AttributedAmount), page.Publication.Currency),
            Change(pipeline, q => q.AttributedAmount), Glossary.Metric("attributedAmount").Definition));
        html.Append(Card("kpi-revenue", $"Attributed revenue ({Glossary.ModelName(page.Selection.Model)})", Compact(attributedRevenue, page.Publication.Currency),
            Change(revenue, q => q.AttributedAmount), Glossary.Metric("attributedAmount").Definition));
        html.Append(Card("kpi-influenced", "Influenced opportunities", Count(pipeline.Sum(q => q.Opportunities - q.UnattributedOpportunities)),
            Change(pipeline, q => q.Opportunities - q.UnattributedOpportunities), "Opportunities created with at least one counted touch."));
        html.Append(Card("kpi-unattributed", $"Unattributed {page.Selection.Stage}", Compact(unattributed, page.Publication.Currency), "",
            Glossary.Metric("unattributed").Definition));
        html.Append(Card("kpi-cost", "Cost", Compact((double)cost, page.Publication.Currency), "", Glossary.Metric("cost").Definition));
        var ret = page.Selection.Filter == "all" && cost > 0 ? Times(attributedRevenue / (double)cost) : "n/a";
        html.Append(Card("kpi-return", "Return on cost", ret, "", page.Selection.Filter == "all"
            ? "Attributed revenue ÷ cost, as ×." : Glossary.CostUnderAFilter));
        return html.Append("</section>").ToString();
    }

    static string Card(string id, string label, string value, string change, string definition) =>
        $"""<div id="{id}" title="{E(definition)}"><span class="label">{E(label)}</span><span class="value">{E(value)}</span>{change}</div>""";

    /// <summary>The latest quarter against the one before, e.g. "FY2026 Q4 to date vs Q3: +12.3 %".</summary>
    static string Change(IReadOnlyList<QuarterRow> quarters, Func<QuarterRow, double> value)
    {
        if (quarters.Count < 2) return "";
        var (latest, before) = (quarters[^1], quarters[^2]);
        var (now, then) = (value(latest), value(before));
        return Html.Change(then == 0 ? null : (now - then) / then, $"{latest.Label} vs {before.Label}: ");
    }

    static async Task<string> Body(PageContext page, PublishedSnapshot data)
    {
        var campaigns = await data.Campaigns(page.Selection);
        var channels = await data.Channels(page.Selection);
        var quarters = await data.Quarters(page.Selection);
        var attributed = campaigns.Where(c => !c.Unattributed).Sum(c => c.AttributedAmount);
        var unattributed = campaigns.FirstOrDefault(c => c.Unattributed)?.AttributedAmount ?? 0;

        var body = new StringBuilder();
        body.Append(await KpiCards(page, data, campaigns, unattributed));
        body.Append(Chart("split", Bars(["attributed", "unattributed"], "amount", [attributed, unattributed]), "attributed against unattributed amount"));
        body.Append("<div class=\"columns\"><section><h2>Top campaigns</h2><table><thead><tr><th>Campaign</th><th>Channel</th><th class=\"n\">Attributed</th></tr></thead><tbody>");
        foreach (var c in campaigns.Where(c => !c.Unattributed).Take(Top))
            body.Append($"""<tr><td><a href="{E(page.Link("/models", ("campaign", c.CampaignId)))}">{E(c.Name)}</a></td><td>{E(c.Channel)}</td><td class="n">{Money(c.AttributedAmount)}</td></tr>""");
        body.Append("</tbody></table></section><section><h2>Top channels</h2><table><thead><tr><th>Channel</th><th class=\"n\">Attributed</th></tr></thead><tbody>");
        foreach (var c in channels.Where(c => !c.Unattributed).Take(Top))
            body.Append($"""<tr><td>{E(c.Channel)}</td><td class="n">{Money(c.AttributedAmount)}</td></tr>""");
        body.Append("</tbody></table></section></div><h2>Quarter trend</h2>");
        body.Append(Chart("trend", Lines(quarters.Select(q => q.Label),
            ("attributed", quarters.Select(q => q.AttributedAmount)), ("unattributed", quarters.Select(q => (double)q.UnattributedAmount))),
            "attributed and unattributed amount per fiscal quarter"));
        return body.ToString();
    }
}
