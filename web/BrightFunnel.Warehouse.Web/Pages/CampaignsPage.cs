using System.Text;
using BrightFunnel.Warehouse.Web.Data;
using static BrightFunnel.Warehouse.Web.Pages.Html;

namespace BrightFunnel.Warehouse.Web.Pages;

/// <summary>
/// Every campaign and the unattributed row: searched, sorted by the column in <c>?sort=</c> and
/// paged on the server (no script needed), with the matching rows as CSV (<c>/campaigns.csv</c>).
/// </summary>
public static class CampaignsPage
{
    public static async Task<IResult> Render(PageContext page, PublishedSnapshot data, IQueryCollection query)
    {
        var listing = CampaignListing.Parse(query);
        var range = page.Range;
        var title = listing.Channel is null ? "Campaigns" : $"Campaigns of {listing.Channel}";
        // The first pages of the listing without a search, in a channel the version has, are kept per
        // version: their keys hold only checked values from small sets, so junk makes no entries.
        var kept = listing.Search.Length == 0 && listing.PageNumber <= KeptPages && listing.PerPage == CampaignListing.DefaultPerPage
                   && (listing.Channel is null || (await data.Channels(page.Selection)).Any(c => !c.Unattributed && c.Channel == listing.Channel));
        return kept
            ? await page.CachedPage(data, $"campaigns|{listing.Channel}|{listing.Sort.Key}|{listing.Ascending}|{listing.PageNumber}", title,
                () => Body(page, data, listing, range), ranged: true, keep: listing.Parameters(page: 1))
            : page.Page(title, await Body(page, data, listing, range), ranged: true, keep: listing.Parameters(page: 1));
    }

    const int KeptPages = 5;

    static async Task<string> Body(PageContext page, PublishedSnapshot data, CampaignListing listing, DateRange? range)
    {
        var matching = await Matching(page, data, listing, range);
        var pages = listing.Pages(matching.Count);
        var shown = listing.OnPage(matching);

        var body = new StringBuilder(RangeNote(range));
        body.Append(listing.Channel is null ? "" : $"""<p class="drill" id="drill"><a href="{E(page.Link("/channels"))}">Channels</a> › <strong>{E(listing.Channel)}</strong> · <a href="{E(page.Link("/campaigns", (listing with { Channel = null }).Parameters(page: 1)))}">every channel</a></p>""");
        body.Append($"""
            <form class="search" method="get" action="/campaigns" role="search">
            <input type="hidden" name="stage" value="{E(page.Selection.Stage)}"><input type="hidden" name="model" value="{E(page.Selection.Model)}">
            <input type="hidden" name="filter" value="{E(page.Selection.Filter)}">{string.Concat(RangeParameters(page).Concat(listing.Parameters(page: 1))
                .Where(p => p.Key != "q" && p.Value is not null).Select(p => $"<input type=\"hidden\" name=\"{p.Key}\" value=\"{E(p.Value)}\">"))}
            <label>Search <input type="search" name="q" id="q" value="{E(listing.Search)}" maxlength="100" placeholder="campaign, channel or id"></label>
            <button type="submit" id="search">Search</button>
            <a id="csv" href="{E(page.Link("/campaigns.csv", listing.Parameters(page: 1)))}" download>Download CSV</a></form>
            """);
        body.Append("<table id=\"campaigns\" class=\"sortable\"><thead><tr>");
        foreach (var column in CampaignListing.Columns)
        {
            var current = column == listing.Sort;
            var next = current ? (listing.Ascending ? "desc" : "asc") : column.Text ? "asc" : "desc";
            var mark = current ? (listing.Ascending ? " ▲" : " ▼") : "";
            var link = page.Link("/campaigns", [.. (listing with { Sort = column, Ascending = next == "asc" }).Parameters(page: 1)]);
            var title = column.Metric is { } metric ? $" title=\"{E(Glossary.Metric(metric).Definition)}\"" : "";
            body.Append($"""<th{(column.Text ? "" : " class=\"n\"")}{title}><a href="{E(link)}">{E(column.Title)}{mark}</a></th>""");
        }
        body.Append(ComparisonHeads(range)).Append("<th title=\"The deals it touched, and each deal's path\">Deals</th></tr></thead><tbody>");
        foreach (var c in shown)
            body.Append($"""
                <tr{(c.Unattributed ? " class=\"unattributed\"" : "")}><td>{(c.Unattributed ? E(c.Name) : $"<a href=\"{E(page.Link("/models", ("campaign", c.CampaignId)))}\">{E(c.Name)}</a>")}</td>
                <td>{E(c.Unattributed ? "" : c.Channel)}</td>{FigureCells(c, range)}<td>{(c.Unattributed ? "" : $"<a class=\"deals\" href=\"{E(page.Link($"/campaigns/{c.CampaignId}/deals"))}\">deals</a>")}</td></tr>
                """);
        body.Append("</tbody></table>");
        body.Append($"""<nav class="pager" id="pager"><span id="shown">{Shown(listing, shown.Count, matching.Count)}</span>""");
        if (listing.PageNumber > 1)
            body.Append($""" · <a id="previous" href="{E(page.Link("/campaigns", listing.Parameters(listing.PageNumber - 1)))}">Previous</a>""");
        if (listing.PageNumber < pages)
            body.Append($""" · <a id="next" href="{E(page.Link("/campaigns", listing.Parameters(listing.PageNumber + 1)))}">Next</a>""");
        body.Append("</nav>").Append(page.CostNote);
        return body.ToString();
    }

    /// <summary>The matching rows as CSV, in the page's order, every page of them.</summary>
    public static async Task<IResult> Csv(PageContext page, PublishedSnapshot data, IQueryCollection query)
    {
        var listing = CampaignListing.Parse(query);
        var range = page.Range;
        var csv = CampaignListing.Csv(await Matching(page, data, listing, range), range);
        var name = $"campaigns-{page.Selection.Stage}-{page.Selection.Model}{(range is null ? "" : "-" + range.Range)}.csv";
        return Results.File(Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", name);
    }

    /// <summary>
    /// The listing's rows: the version's rows in the chosen order are kept per selection, range and sort
    /// (checked values only), so a request only filters and pages them.
    /// </summary>
    static async Task<IReadOnlyList<CampaignRow>> Matching(PageContext page, PublishedSnapshot data, CampaignListing listing, DateRange? range)
    {
        var s = page.Selection;
        var sorted = await data.Cached($"campaigns-sorted|{s.Stage}|{s.Model}|{s.Filter}|{range}|{listing.Sort.Key}|{listing.Ascending}",
            async () => listing.Sorted(await data.Campaigns(s, range)));
        return listing.Filter(sorted);
    }

    static IEnumerable<(string Key, string? Value)> RangeParameters(PageContext page) =>
        [("range", page.Selection.Range != "all" ? page.Selection.Range : null), ("compare", page.Selection.Compare != "none" ? page.Selection.Compare : null)];

    static string Shown(CampaignListing listing, int onPage, int matching)
    {
        var what = listing.Search.Length > 0 ? $" matching “{E(listing.Search)}”" : "";
        if (listing.Channel is not null) what = $" in {E(listing.Channel)}" + what;
        if (matching == 0) return $"No campaign{what}.";
        var first = (listing.PageNumber - 1) * listing.PerPage + 1;
        return onPage == 0
            ? $"Page {listing.PageNumber} is past the last page ({listing.Pages(matching)}) of {Count(matching)} rows{what}."
            : $"Rows {Count(first)}–{Count(first + onPage - 1)} of {Count(matching)}{what}.";
    }
}
