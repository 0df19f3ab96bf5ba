using System.Globalization;
using System.Text;
using BrightFunnel.Warehouse.Web.Data;
using static BrightFunnel.Warehouse.Web.Pages.Html;

namespace BrightFunnel.Warehouse.Web.Pages;

/// <summary>
/// The drill-down's last step: one deal's path in each stage, the campaigns that touched it in the
/// order of their first touch, with every model's credit side by side (bfw explain's per-touch
/// credits summed per campaign) and each model's total.
/// </summary>
public static class DealPathPage
{
    public static async Task<IResult> Render(PageContext page, PublishedSnapshot data, string opportunityId)
    {
        if (!Identifiers.IsRecordId(opportunityId))
            throw new BadSelectionException("opportunityId", $"'{opportunityId}' is not an opportunity id (15 or 18 letters and digits)");
        var path = await data.Deal(opportunityId);
        if (path is null) return ErrorPage.Render(StatusCodes.Status404NotFound, "Not found", $"No opportunity {opportunityId} in this version.", page.Link("/campaigns"), "Back to the campaigns");
        return await page.CachedPage(data, $"deal|{opportunityId}", $"Deal: {path.Deal.Title}", () => Task.FromResult(Body(page, path)));
    }

    static string Body(PageContext page, DealPath path)
    {
        var models = page.Choices.Models;
        var deal = path.Deal;
        var body = new StringBuilder($"""
            <p class="drill" id="drill"><a href="{E(page.Link("/channels"))}">Channels</a> › <a href="{E(page.Link("/campaigns"))}">campaigns</a> › deal</p>
            <p id="deal-heading"><strong>{E(deal.Title)}</strong> · {E(deal.AccountName)} · {E(Money(deal.Amount))} · created {Day(deal.CreatedDate)}{(deal.CloseDate is { } closed ? $" · {(deal.IsWon ? "won" : "closes")} {Day(closed)}" : "")} · <code>{E(deal.OpportunityId)}</code></p>
            <p class="note">Each campaign's credit is the sum of its touches' credits on this deal, model by model; <code>bfw explain &lt;tenant&gt; {E(deal.OpportunityId)}</code> lists every touch.</p>
            """);
        if (path.Stages.Count == 0) body.Append("""<p id="no-path">No counted touch: this deal is unattributed in every stage.</p>""");
        foreach (var stage in path.Stages)
        {
            body.Append($"""<h2>{E(stage.Stage)}</h2><table id="path-{E(stage.Stage)}" class="path"><thead><tr><th>Campaign</th><th>Channel</th><th class="n">Touches</th><th>First touch</th><th>Last touch</th>""");
            foreach (var model in models)
                body.Append($"""<th class="n{(model == page.Selection.Model ? " selected" : "")}" data-model="{E(model)}">{E(Glossary.ModelName(model))}</th>""");
            body.Append("</tr></thead><tbody>");
            foreach (var step in stage.Campaigns)
            {
                var deals = PageContext.Link(page.Selection with { Stage = stage.Stage }, $"/campaigns/{step.CampaignId}/deals");
                body.Append($"""<tr data-campaign="{E(step.CampaignId)}"><td><a href="{E(deals)}">{E(step.Name)}</a></td><td>{E(step.Channel)}</td><td class="n">{step.Touches}</td><td class="day">{Day(step.FirstTouchDate)}</td><td class="day">{Day(step.LastTouchDate)}</td>""");
                foreach (var model in models) body.Append(CreditCell(model, step.Credits.GetValueOrDefault(model)));
                body.Append("</tr>");
            }
            body.Append($"""</tbody><tfoot><tr><th>Total</th><th></th><th class="n">{stage.Campaigns.Sum(c => c.Touches)}</th><th></th><th></th>""");
            foreach (var model in models) body.Append(CreditCell(model, stage.Totals.GetValueOrDefault(model), "th"));
            body.Append("</tr></tfoot></table>");
        }
        return body.ToString();
    }

    static string CreditCell(string model, double credit, string tag = "td") =>
        $"""<{tag} class="n" data-model="{E(model)}" data-credit="{Math.Round(credit, 2).ToString(CultureInfo.InvariantCulture)}">{Money(credit)}</{tag}>""";
}
