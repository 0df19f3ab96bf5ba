using System.Globalization;
using System.Text;
using BrightFunnel.Warehouse.Web.Data;
using static BrightFunnel.Warehouse.Web.Pages.Html;

namespace BrightFunnel.Warehouse.Web.Pages;

/// <summary>
/// Target accounts (docs/abm.md): every list with its coverage of the quarter, and the chosen list's
/// accounts by engagement score, each with a 13-week sparkline, pipeline, revenue and latest spike;
/// an account links to its journey. The same figures as <c>bfw abm report</c>.
/// </summary>
public static class TargetAccountsPage
{
    public static async Task<IResult> Render(PageContext page, PublishedSnapshot data, IQueryCollection query)
    {
        var lists = await data.AbmLists();
        var limit = Limits.Parse(query, "limit", 100, 1, 5000);
        if (lists.Count == 0)
        {
            var body = new StringBuilder();
            body.Append("""<p class="note" id="no-lists">No target account list is published. Add one with <code>bfw abm list add &lt;tenant&gt; &lt;name&gt; --rule '{"field": "account.tier", "op": "eq", "value": "Tier 1"}'</code> or <code>--file accounts.csv</code> (account ids or domains); the next cycle publishes it.</p>""");
            return page.Page("Target accounts", body.ToString());
        }
        var requested = query["list"].ToString();
        var list = requested.Length == 0 ? lists[0] : lists.FirstOrDefault(l => l.ListName == requested)
            ?? throw new BadSelectionException("list", $"no target account list '{requested}' is published (lists: {string.Join(", ", lists.Select(l => l.ListName))})");
        // The list and limit are checked above, so the cache keys are bounded.
        return await page.CachedPage(data, $"targets|{list.ListName}|{limit}", "Target accounts", () => Body(page, data, lists, list, limit),
            keep: [("list", list.ListName), ("limit", query["limit"].ToString() is { Length: > 0 } l ? l : null)]);
    }

    static async Task<string> Body(PageContext page, PublishedSnapshot data, IReadOnlyList<AbmListRow> lists, AbmListRow list, int limit)
    {
        var body = new StringBuilder();
        body.Append("""<table id="abm-lists"><thead><tr><th>List</th><th>Source</th><th class="n">Accounts</th><th class="n">Engaged this quarter</th><th class="n">Coverage</th><th class="n">Entries matching no account</th></tr></thead><tbody>""");
        foreach (var l in lists)
        {
            var coverage = l.Accounts == 0 ? 0 : 100.0 * l.EngagedThisQuarter / l.Accounts;
            body.Append($"""
                <tr{(l == list ? " aria-current=\"true\"" : "")}><td><a href="{E(page.Link("/targets", ("list", l.ListName)))}">{E(l.ListName)}</a></td>
                <td>{E(l.Source)}: <code>{E(l.Definition)}</code></td><td class="n">{l.Accounts}</td><td class="n">{l.EngagedThisQuarter}</td>
                <td class="n">{coverage.ToString("0.0", CultureInfo.InvariantCulture)} %</td><td class="n">{l.UnmatchedEntries}</td></tr>
                """);
        }
        body.Append("</tbody></table>");
        var accounts = await data.TargetAccounts(list.ListName);
        body.Append($"""
            <h2 id="list-title">{E(list.ListName)}: {accounts.Count} accounts</h2>
            <p class="note">Engaged this quarter: points in a week of {E(list.QuarterLabel ?? "the tenant's latest quarter")}. Attributed revenue: the account's won revenue credited under the {E(list.Model ?? "first")} model. The trend is the score of the last 13 weeks.</p>
            <table id="target-accounts"><thead><tr><th>Account</th><th>Tier</th><th class="n">Score</th><th>Trend (13 weeks)</th><th>Engaged</th><th class="n">Open pipeline</th><th class="n">Won revenue</th><th class="n">Attributed revenue</th><th>Latest spike</th></tr></thead><tbody>
            """);
        foreach (var a in accounts.Take(limit))
            body.Append($"""
                <tr data-account="{E(a.AccountId)}"><td><a href="{E(page.Link($"/accounts/{a.AccountId}/journey"))}">{E(a.AccountName ?? a.AccountId)}</a></td><td>{E(a.Tier)}</td>
                <td class="n">{Ratio(a.Score)}</td><td>{Sparkline(a.TrendScores)}</td><td>{(a.EngagedThisQuarter ? "yes" : "")}</td>
                <td class="n">{Money(a.OpenPipeline)}</td><td class="n">{Money(a.WonRevenue)}</td><td class="n">{Money(a.AttributedRevenue)}</td>
                <td>{(a.LatestSpikeWeek is { } w ? $"{w:yyyy-MM-dd} ({Ratio(a.LatestSpikeScore)})" : "")}</td></tr>
                """);
        body.Append("</tbody></table>");
        if (accounts.Count > limit)
            body.Append($"""<p class="note" id="more-accounts">The {limit} most engaged of {accounts.Count} accounts; <code>?limit=</code> shows up to 5000, and <code>bfw abm report</code> or the API every one.</p>""");
        return body.ToString();
    }

    /// <summary>An inline SVG line of the weekly scores, scaled to the account's own highest week (no script, no style: CSP-safe).</summary>
    public static string Sparkline(IReadOnlyList<double> scores)
    {
        if (scores.Count == 0) return "";
        const double width = 104, height = 20;
        var max = Math.Max(scores.Max(), 1e-9);
        var step = scores.Count > 1 ? width / (scores.Count - 1) : 0;
        var points = string.Join(' ', scores.Select((v, i) =>
            $"{(i * step).ToString("0.#", CultureInfo.InvariantCulture)},{(height - v / max * height).ToString("0.#", CultureInfo.InvariantCulture)}"));
        var label = string.Join(", ", scores.Select(s => s.ToString("0.##", CultureInfo.InvariantCulture)));
        return $"""<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="weekly scores {label}"><polyline fill="none" stroke="currentColor" stroke-width="1.5" points="{points}"/></svg>""";
    }
}
