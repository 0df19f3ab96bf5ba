using System.Globalization;
using System.Text;
using BrightFunnel.Warehouse.Web.Data;

namespace BrightFunnel.Warehouse.Web.Pages;

/// <summary>
/// What the Campaigns page lists: a search (<c>q</c>: part of a campaign's name, channel or id, in
/// any case), an order (<c>sort</c>, <c>dir</c>) and a page (<c>page</c>, of <c>per</c> rows, 50 unless
/// said, at most 500). Parsed and
/// checked before anything is read. <c>channel</c>: only that channel's campaigns (the Channels page's
/// drill-down). Applied in memory to the version's cached rows, so a search
/// makes no cache entry of its own. The page and its CSV apply it alike.
/// </summary>
public sealed record CampaignListing(string Search, CampaignListing.Column Sort, bool Ascending, int PageNumber, int PerPage, string? Channel = null)
{
    public const int DefaultPerPage = 50;
    const int MaxSearch = 100;

    /// <summary>A sortable column; Metric: its <see cref="Glossary"/> term, whose definition its head shows on hover.</summary>
    public sealed record Column(string Key, string Title, Func<CampaignRow, IComparable?> Value, bool Text = false, string? Metric = null);

    public static readonly Column[] Columns =
    [
        new("name", "Campaign", c => c.Name, Text: true), new("channel", "Channel", c => c.Channel, Text: true),
        new("attributed", "Attributed", c => c.AttributedAmount, Metric: "attributedAmount"),
        new("attributed_opps", "Attributed opps", c => c.AttributedOpportunities, Metric: "attributedOpportunities"),
        new("influenced", "Influenced", c => c.InfluencedAmount, Metric: "influencedAmount"),
        new("influenced_opps", "Influenced opps", c => c.InfluencedOpportunities, Metric: "influencedOpportunities"),
        new("touches", "Touches", c => c.Touches, Metric: "touches"), new("cost", "Cost", c => c.Cost, Metric: "cost"),
        new("roi", "ROI", c => c.Roi, Metric: "roi"),
    ];

    public static CampaignListing Parse(IQueryCollection query)
    {
        var search = query["q"].ToString().Trim();
        if (search.Length > MaxSearch || search.Any(char.IsControl))
            throw new BadSelectionException("q", $"q must be at most {MaxSearch} characters without control characters");
        var sort = query["sort"].ToString() is { Length: > 0 } s ? s : "attributed";
        var column = Columns.FirstOrDefault(c => c.Key == sort)
            ?? throw new BadSelectionException("sort", $"sort must be one of {string.Join(", ", Columns.Select(c => c.Key))}, got '{sort}'");
        var dir = query["dir"].ToString() is { Length: > 0 } d ? d : column.Text ? "asc" : "desc";
        if (dir is not ("asc" or "desc")) throw new BadSelectionException("dir", $"dir must be asc or desc, got '{dir}'");
        var channel = query["channel"].ToString() is { Length: > 0 } ch ? ch : null;
        if (channel is { Length: > 255 }) throw new BadSelectionException("channel", "channel must be at most 255 characters");
        return new CampaignListing(search, column, dir == "asc", Limits.Parse(query, "page", 1, 1, 100_000), Limits.Parse(query, "per", DefaultPerPage, 1, 500), channel);
    }

    /// <summary>Every row the search matches, in the chosen order (the campaign id breaks ties): what the CSV holds.</summary>
    public IReadOnlyList<CampaignRow> Matching(IReadOnlyList<CampaignRow> rows) => Filter(Sorted(rows));

    /// <summary>Every row in the chosen order: it depends on the sort only, so a page can keep it per version and sort.</summary>
    public IReadOnlyList<CampaignRow> Sorted(IReadOnlyList<CampaignRow> rows) =>
        (Ascending ? rows.OrderBy(Sort.Value) : rows.OrderByDescending(Sort.Value)).ThenBy(r => r.CampaignId, StringComparer.Ordinal).ToList();

    /// <summary>The rows of <paramref name="sorted"/> in the channel that the search matches, in their order.</summary>
    public IReadOnlyList<CampaignRow> Filter(IReadOnlyList<CampaignRow> sorted)
    {
        if (Channel is null && Search.Length == 0) return sorted;
        return sorted.Where(r => (Channel is null || r.InChannel(Channel)) && (Search.Length == 0
            || r.Name.Contains(Search, StringComparison.OrdinalIgnoreCase) || r.Channel.Contains(Search, StringComparison.OrdinalIgnoreCase)
            || r.CampaignId.Contains(Search, StringComparison.OrdinalIgnoreCase))).ToList();
    }

    /// <summary>The rows of this page.</summary>
    public IReadOnlyList<CampaignRow> OnPage(IReadOnlyList<CampaignRow> matching) =>
        matching.Skip((PageNumber - 1) * PerPage).Take(PerPage).ToList();

    public int Pages(int matching) => Math.Max(1, (matching + PerPage - 1) / PerPage);

    /// <summary>The query parameters that reproduce this listing (page left out when it is the first).</summary>
    public (string Key, string? Value)[] Parameters(int? page = null) =>
        [("channel", Channel), ("q", Search.Length > 0 ? Search : null), ("sort", Sort.Key), ("dir", Ascending ? "asc" : "desc"),
         ("page", (page ?? PageNumber) is var p && p > 1 ? p.ToString(CultureInfo.InvariantCulture) : null),
         ("per", PerPage != DefaultPerPage ? PerPage.ToString(CultureInfo.InvariantCulture) : null)];

    /// <summary>
    /// The rows as CSV (RFC 4180), with the API's field names and values: amounts, opportunities and
    /// ROI to two decimals as the API rounds them. A text cell that a spreadsheet would read as a
    /// formula (=, +, -, @, tab, return) starts with a ' (OWASP's advice against CSV injection).
    /// </summary>
    /// <remarks>In a date range with a comparison, two more columns: comparisonAmount and change (empty where n/a).</remarks>
    public static string Csv(IEnumerable<CampaignRow> rows, DateRange? range = null)
    {
        var compared = range is { Compared: true };
        var csv = new StringBuilder("campaignId,name,channel,attributedAmount,attributedOpportunities,influencedAmount,influencedOpportunities,touches,cost,roi")
            .Append(compared ? ",comparisonAmount,change\r\n" : "\r\n");
        foreach (var r in rows)
        {
            csv.Append(Text(r.CampaignId)).Append(',').Append(Text(r.Name)).Append(',').Append(Text(r.Channel)).Append(',')
               .Append(Number(r.AttributedAmount)).Append(',').Append(Number(r.AttributedOpportunities)).Append(',')
               .Append(r.InfluencedAmount.ToString(CultureInfo.InvariantCulture)).Append(',').Append(r.InfluencedOpportunities).Append(',')
               .Append(r.Touches).Append(',').Append(r.Cost?.ToString(CultureInfo.InvariantCulture)).Append(',')
               .Append(r.Roi is { } roi ? Number(roi) : "");
            if (compared) csv.Append(',').Append(Number(r.ComparisonAmount ?? 0)).Append(',').Append(r.Change is { } change ? Number(change) : "");
            csv.Append("\r\n");
        }
        return csv.ToString();
    }

    static string Number(double value) => Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture);

    static string Text(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
