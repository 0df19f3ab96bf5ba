using System.Text;
using BrightFunnel.Warehouse.Web.Data;
using static BrightFunnel.Warehouse.Web.Pages.Html;

namespace BrightFunnel.Warehouse.Web.Pages;

/// <summary>Attributed against unattributed, the top campaigns and channels, and the quarter trend.</summary>
public static class OverviewPage
{
    const int Top = 5;

    public static Task<IResult> Render(PageContext page, PublishedSnapshot data) =>
        page.CachedPage(data, "overview", "Overview", () => Body(page, data), charts: true);

    static async Task<string> Body(PageContext page, PublishedSnapshot data)
    {
        var campaigns = await data.Campaigns(page.Selection);
        var channels = await data.Channels(page.Selection);
        var quarters = await data.Quarters(page.Selection);
        var attributed = campaigns.Where(c => !c.Unattributed).Sum(c => c.AttributedAmount);
        var unattributed = campaigns.FirstOrDefault(c => c.Unattributed)?.AttributedAmount ?? 0;

        var body = new StringBuilder();
        body.Append($"""
            <section class="totals"><div><span class="label">Attributed {E(page.Selection.Stage)}</span><span class="value" id="attributed-total">{Money(attributed)}</span></div>
            <div><span class="label">Unattributed</span><span class="value" id="unattributed-total">{Money(unattributed)}</span></div></section>
            """);
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
