using System.Text;
using BrightFunnel.Warehouse.Web.Data;
using static BrightFunnel.Warehouse.Web.Pages.Html;

namespace BrightFunnel.Warehouse.Web.Pages;

/// <summary>
/// One campaign (<c>?campaign=ID</c>) or channel (<c>?channel=NAME</c>) under every enabled model:
/// what the model choice changes. Defaults to the top campaign of the selected model. A campaign
/// or channel this tenant does not have is a 404, whoever else has it.
/// </summary>
public static class ModelsPage
{
    public static async Task<IResult> Render(PageContext page, PublishedSnapshot data, IQueryCollection query)
    {
        var campaigns = await data.Campaigns(page.Selection);
        string? campaignId = query["campaign"].ToString() is { Length: > 0 } id ? id : null;
        string? channel = query["channel"].ToString() is { Length: > 0 } ch ? ch : null;
        if (campaignId is not null && !Identifiers.IsCampaignId(campaignId)) throw new BadSelectionException("campaign", Identifiers.NotACampaignId(campaignId));
        if (channel is { Length: > 255 }) throw new BadSelectionException("channel", "channel must be at most 255 characters");
        if (campaignId is null && channel is null) campaignId = campaigns.FirstOrDefault(c => !c.Unattributed)?.CampaignId;

        string subject;
        IReadOnlyList<ModelRow> rows;
        if (channel is not null)
        {
            rows = await data.ChannelAcrossModels(channel, page.Selection);
            subject = $"channel {channel}";
        }
        else
        {
            var (campaign, models) = campaignId is null ? (null, []) : await data.CampaignAcrossModels(campaignId, page.Selection);
            rows = models;
            subject = campaign is null ? "" : $"campaign {campaign.Name}";
        }
        if (rows.Count == 0) return Results.NotFound();

        var body = new StringBuilder("""<form class="subject" method="get" action="/models">""");
        body.Append($"""<input type="hidden" name="stage" value="{E(page.Selection.Stage)}"><input type="hidden" name="model" value="{E(page.Selection.Model)}"><input type="hidden" name="filter" value="{E(page.Selection.Filter)}">""");
        body.Append("""<label>Campaign <select name="campaign" id="campaign">""");
        foreach (var c in campaigns.Where(c => !c.Unattributed).OrderBy(c => c.Name))
            body.Append($"""<option value="{E(c.CampaignId)}"{(c.CampaignId == campaignId && channel is null ? " selected" : "")}>{E(c.Name)}</option>""");
        body.Append("""</select></label><button type="submit">Compare</button></form>""");
        body.Append($"""<h2 id="subject">{E(subject)}</h2>""");
        body.Append(Chart("models-chart", Bars(rows.Select(r => Glossary.ModelName(r.Model)), "attributed", rows.Select(r => r.AttributedAmount)), $"attributed amount of {subject} per model"));
        body.Append("""<table id="models"><thead><tr><th>Model</th>""").Append(Head("attributedAmount")).Append(Head("attributedOpportunities"))
            .Append(Head("influencedAmount")).Append(Head("touches")).Append(Head("roi")).Append("</tr></thead><tbody>");
        foreach (var r in rows)
            body.Append($"""<tr{(r.Model == page.Selection.Model ? " class=\"selected\"" : "")}><td data-model="{E(r.Model)}">{E(Glossary.ModelName(r.Model))}</td><td class="n">{Money(r.AttributedAmount)}</td><td class="n">{Count(r.AttributedOpportunities)}</td><td class="n">{Money(r.InfluencedAmount)}</td><td class="n">{r.Touches}</td><td class="n">{Times(r.Roi)}</td></tr>""");
        body.Append("</tbody></table>");
        return page.Page("Models side by side", body.ToString(), charts: true, keep: [("campaign", channel is null ? campaignId : null), ("channel", channel)]);
    }
}
