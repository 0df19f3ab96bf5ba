using System.Text;
using BrightFunnel.Warehouse.Web.Data;
using static BrightFunnel.Warehouse.Web.Pages.Html;

namespace BrightFunnel.Warehouse.Web.Pages;

/// <summary>Every campaign and the unattributed row, sorted by the column in <c>?sort=</c> (server-side: no script needed).</summary>
public static class CampaignsPage
{
    static readonly (string Key, string Title, Func<CampaignRow, IComparable?> Value)[] Columns =
    [
        ("name", "Campaign", c => c.Name), ("channel", "Channel", c => c.Channel),
        ("attributed", "Attributed", c => c.AttributedAmount), ("attributed_opps", "Attributed opps", c => c.AttributedOpportunities),
        ("influenced", "Influenced", c => c.InfluencedAmount), ("influenced_opps", "Influenced opps", c => c.InfluencedOpportunities),
        ("touches", "Touches", c => c.Touches), ("cost", "Cost", c => c.Cost), ("roi", "ROI", c => c.Roi),
    ];

    public static async Task<IResult> Render(PageContext page, PublishedSnapshot data, IQueryCollection query)
    {
        var sort = query["sort"].ToString() is { Length: > 0 } s ? s : "attributed";
        var column = Columns.FirstOrDefault(c => c.Key == sort);
        if (column.Key is null) throw new BadSelectionException("sort", $"sort must be one of {string.Join(", ", Columns.Select(c => c.Key))}, got '{sort}'");
        var dir = query["dir"].ToString() is { Length: > 0 } d ? d : (sort is "name" or "channel" ? "asc" : "desc");
        if (dir is not ("asc" or "desc")) throw new BadSelectionException("dir", $"dir must be asc or desc, got '{dir}'");

        var rows = await data.Campaigns(page.Selection);
        var sorted = dir == "asc" ? rows.OrderBy(column.Value).ThenBy(r => r.CampaignId) : rows.OrderByDescending(column.Value).ThenBy(r => r.CampaignId);

        var body = new StringBuilder("<table id=\"campaigns\" class=\"sortable\"><thead><tr>");
        foreach (var (key, title, _) in Columns)
        {
            var next = key == sort && dir == "desc" ? "asc" : key == sort ? "desc" : key is "name" or "channel" ? "asc" : "desc";
            var mark = key == sort ? (dir == "asc" ? " ▲" : " ▼") : "";
            body.Append($"""<th{(key is "name" or "channel" ? "" : " class=\"n\"")}><a href="{E(page.Link("/campaigns", ("sort", key), ("dir", next)))}">{E(title)}{mark}</a></th>""");
        }
        body.Append("</tr></thead><tbody>");
        foreach (var c in sorted)
            body.Append($"""
                <tr{(c.Unattributed ? " class=\"unattributed\"" : "")}><td>{(c.Unattributed ? E(c.Name) : $"<a href=\"{E(page.Link("/models", ("campaign", c.CampaignId)))}\">{E(c.Name)}</a>")}</td>
                <td>{E(c.Unattributed ? "" : c.Channel)}</td>{FigureCells(c)}</tr>
                """);
        body.Append("</tbody></table>").Append(page.CostNote);
        return page.Page("Campaigns", body.ToString(), keep: [("sort", sort), ("dir", dir)]);
    }
}
