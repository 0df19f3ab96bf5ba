using System.Globalization;
using System.Text;
using BrightFunnel.Warehouse.Web.Data;
using static BrightFunnel.Warehouse.Web.Pages.Html;

namespace BrightFunnel.Warehouse.Web.Pages;

/// <summary>
/// The drill-down's third step: the deals a campaign touched in the chosen stage (under the filter, in
/// the date range), each with the campaign's touches on it and its credit under the chosen model,
/// linking to the deal's path. At most <c>?limit=</c> (200) deals, largest credit first.
/// </summary>
public static class CampaignDealsPage
{
    public static async Task<IResult> Render(PageContext page, PublishedSnapshot data, string campaignId, IQueryCollection query)
    {
        if (!Identifiers.IsCampaignId(campaignId)) throw new BadSelectionException("campaignId", Identifiers.NotACampaignId(campaignId));
        var limit = Limits.Parse(query, "limit", 200, 1, 5000);
        var range = page.Range;
        var campaign = (await data.Campaigns(page.Selection)).FirstOrDefault(c => !c.Unattributed && c.CampaignId == campaignId);
        if (campaign is null) return ErrorPage.Render(StatusCodes.Status404NotFound, "Not found", $"No campaign {campaignId} in this version.", page.Link("/campaigns"), "Back to the campaigns");
        return await page.CachedPage(data, $"deals|{campaignId}|{limit}", $"Deals of {campaign.Name}", () => Body(page, data, campaign, range, limit),
            ranged: true, keep: ("limit", query["limit"].ToString() is { Length: > 0 } l ? l : null));
    }

    static async Task<string> Body(PageContext page, PublishedSnapshot data, CampaignRow campaign, DateRange? range, int limit)
    {
        var deals = await data.CampaignDeals(campaign.CampaignId, page.Selection, range);
        var model = Glossary.ModelName(page.Selection.Model);
        var body = new StringBuilder($"""
            <p class="drill" id="drill"><a href="{E(page.Link("/channels"))}">Channels</a> › <a href="{E(page.Link("/campaigns", ("channel", campaign.Channel)))}">{E(campaign.Channel)}</a> › <strong>{E(campaign.Name)}</strong> › deals</p>
            """);
        body.Append(RangeNote(range));
        body.Append($"""<p class="note" id="deals-note">{Count(deals.Count)} deal{(deals.Count == 1 ? "" : "s")} this campaign touched in the {E(page.Selection.Stage)} stage{(page.Selection.Filter == "all" ? "" : $" under the filter {E(page.Selection.Filter)}")}; credit under {E(model)}: <span id="deals-credit">{Money(deals.Sum(d => d.Path.Credit(page.Selection.Model)))}</span> in all. The deal's path shows every model.</p>""");
        body.Append($"""<table id="deals"><thead><tr><th>Deal</th><th>Account</th><th class="n">Amount</th><th>{(page.Selection.Stage == "pipeline" ? "Created" : "Closed")}</th><th class="n">Touches</th><th>First touch</th><th>Last touch</th><th class="n" title="{E(Glossary.Metric("attributedAmount").Definition)}">Credit ({E(model)})</th></tr></thead><tbody>""");
        foreach (var d in deals.Take(limit))
            body.Append($"""
                <tr data-deal="{E(d.Deal.OpportunityId)}"><td><a href="{E(page.Link($"/deals/{d.Deal.OpportunityId}"))}">{E(d.Deal.Title)}</a></td><td>{E(d.Deal.AccountName)}</td>
                <td class="n">{Money(d.Deal.Amount)}</td><td class="day">{Day(d.Deal.DateOf(page.Selection.Stage))}</td><td class="n">{d.Path.Touches}</td>
                <td class="day">{Day(d.Path.FirstTouchDate)}</td><td class="day">{Day(d.Path.LastTouchDate)}</td><td class="n" data-credit="{Math.Round(d.Path.Credit(page.Selection.Model), 2).ToString(CultureInfo.InvariantCulture)}">{Money(d.Path.Credit(page.Selection.Model))}</td></tr>
                """);
        body.Append("</tbody></table>");
        if (deals.Count > limit) body.Append($"""<p class="note">The first {limit} deals by credit; <code>?limit=</code> shows up to 5000.</p>""");
        return body.ToString();
    }
}
