using System.Text;
using System.Text.RegularExpressions;
using BrightFunnel.Warehouse.Web.Data;
using static BrightFunnel.Warehouse.Web.Pages.Html;

namespace BrightFunnel.Warehouse.Web.Pages;

/// <summary>
/// An account's journey (docs/abm.md): its engagement score week by week with the spikes marked,
/// each spike's causes, every touch, web week, lead, contact and opportunity in order, and the
/// models' credit for its won deals.
/// </summary>
public static partial class AccountJourneyPage
{
    /// <summary>A Salesforce account id: 15 or 18 letters and digits (checked before any read or cache key).</summary>
    public static bool IsAccountId(string id) => Identifiers.IsRecordId(id);

    public static async Task<IResult> Render(PageContext page, PublishedSnapshot data, string accountId, IQueryCollection query)
    {
        if (!IsAccountId(accountId)) throw new BadSelectionException("accountId", $"'{accountId}' is not an account id (15 or 18 letters and digits)");
        var limit = Limits.Parse(query, "limit", 300, 1, 20000);
        var journey = await data.Journey(accountId);
        if (journey is null)
            return Results.Content($"<!doctype html><title>Not found</title><p>Account {E(accountId)} is in no published target account list.</p>",
                "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
        return await page.CachedPage(data, $"journey|{accountId}|{limit}", $"Journey: {journey.AccountName ?? journey.AccountId}",
            () => Task.FromResult(Body(page, journey, limit)), charts: journey.Weeks.Count > 0,
            keep: ("limit", query["limit"].ToString() is { Length: > 0 } l ? l : null));
    }

    static string Body(PageContext page, AccountJourney journey, int limit)
    {
        var body = new StringBuilder($"""
            <p id="account-heading"><strong>{E(journey.AccountName ?? journey.AccountId)}</strong> · {E(journey.Tier)} · <code>{E(journey.AccountId)}</code> · <a href="{E(page.Link("/targets"))}">all target accounts</a></p>
            <h2>Engagement by week</h2>
            """);
        if (journey.Weeks.Count > 0)
            body.Append(Chart("engagement-chart", Lines(journey.Weeks.Select(w => w.WeekStart.ToString("yyyy-MM-dd")),
                ("score", journey.Weeks.Select(w => w.Score)), ("trailing 8-week mean", journey.Weeks.Select(w => w.TrailingMean))), "engagement score by week"));
        body.Append("""<table id="account-weeks"><thead><tr><th>Week of</th><th class="n">Score</th><th class="n">Points</th><th class="n">People</th><th class="n">Campaign touches</th><th class="n">Web sessions</th><th class="n">Page views</th><th class="n">New leads</th><th class="n">Opportunities opened</th><th class="n">Pipeline opened</th><th>Spike</th></tr></thead><tbody>""");
        foreach (var w in journey.Weeks.Where(w => w.Points > 0 || w.OppsOpened > 0).Reverse())
            body.Append($"""
                <tr{(w.IsSpike ? " class=\"spike\"" : "")}><td>{w.WeekStart:yyyy-MM-dd}</td><td class="n">{Ratio(w.Score)}</td><td class="n">{Ratio(w.Points)}</td><td class="n">{w.PeopleEngaged}</td>
                <td class="n">{w.CampaignTouches}</td><td class="n">{w.WebSessions}</td><td class="n">{w.PageViews}</td><td class="n">{w.NewLeads}</td><td class="n">{w.OppsOpened}</td>
                <td class="n">{Money(w.PipelineOpened)}</td><td>{(w.IsSpike ? "spike" : "")}</td></tr>
                """);
        body.Append("""</tbody></table><h2>Spikes</h2><table id="spikes"><thead><tr><th>Week of</th><th class="n">Score</th><th class="n">Trailing mean</th><th class="n">Trailing sd</th><th>Top channel</th><th>Caused by</th></tr></thead><tbody>""");
        foreach (var s in journey.Spikes)
            body.Append($"""
                <tr><td>{s.WeekStart:yyyy-MM-dd}</td><td class="n">{Ratio(s.Score)}</td><td class="n">{Ratio(s.TrailingMean)}</td><td class="n">{Ratio(s.TrailingSd)}</td><td>{E(s.TopChannel)}</td>
                <td>{E(string.Join(", ", s.Causes.Select(c => $"{c.Cause} ({Ratio(c.Points)})")))}</td></tr>
                """);
        body.Append("""</tbody></table><h2>Models' credit for its won deals</h2><table id="won-credit"><thead><tr><th>Model</th><th class="n">Attributed revenue</th><th class="n">Opportunities</th></tr></thead><tbody>""");
        foreach (var m in journey.WonCredit)
            body.Append($"""<tr><td>{E(m.Model)}</td><td class="n">{Money(m.AttributedAmount)}</td><td class="n">{Count(m.AttributedOpportunities)}</td></tr>""");
        var shown = journey.Timeline.Skip(Math.Max(0, journey.Timeline.Count - limit)).ToList();
        body.Append(shown.Count < journey.Timeline.Count
            ? $"""</tbody></table><h2>Timeline</h2><p class="note" id="timeline-limit">The latest {shown.Count} of {journey.Timeline.Count} events; <code>?limit=</code> shows up to 20000, the API every one.</p><table id="timeline">"""
            : """</tbody></table><h2>Timeline</h2><table id="timeline">""");
        body.Append("""<thead><tr><th>Date</th><th>What</th><th>Person</th><th>Campaign, channel or deal</th><th class="n">Sessions</th><th class="n">Amount</th></tr></thead><tbody>""");
        foreach (var j in shown)
            body.Append($"""
                <tr data-kind="{E(j.Kind)}"><td>{j.EventDate:yyyy-MM-dd}</td><td>{E(j.Kind)}</td><td>{E(j.PersonEmail ?? j.PersonId)}</td>
                <td>{E(j.Kind == "web" ? j.Channel : string.Join(" · ", new[] { j.Label, j.Channel }.Where(x => !string.IsNullOrEmpty(x))))}</td>
                <td class="n">{(j.Kind == "web" ? j.Events.ToString() : "")}</td><td class="n">{Money(j.Amount)}</td></tr>
                """);
        body.Append("</tbody></table>");
        return body.ToString();
    }

}
