using System.Text;
using BrightFunnel.Warehouse.Web.Data;
using static BrightFunnel.Warehouse.Web.Pages.Html;

namespace BrightFunnel.Warehouse.Web.Pages;

/// <summary>Attributed amount per channel: a bar per channel (the unattributed amount is in the table, not a bar).</summary>
public static class ChannelsPage
{
    public static async Task<IResult> Render(PageContext page, PublishedSnapshot data)
    {
        var range = page.Range;
        var rows = await data.Channels(page.Selection, range);
        var bars = rows.Where(r => !r.Unattributed).ToList();
        var body = new StringBuilder(RangeNote(range));
        body.Append(Chart("channels-chart", Bars(bars.Select(b => b.Channel), "attributed", bars.Select(b => b.AttributedAmount)),
            "attributed amount per channel"));
        body.Append("""<table id="channels"><thead><tr><th>Channel</th>""").Append(FigureHeads).Append(ComparisonHeads(range)).Append("</tr></thead><tbody>");
        foreach (var r in rows)
            body.Append($"""
                <tr{(r.Unattributed ? " class=\"unattributed\"" : "")}><td>{(r.Unattributed ? $"<a href=\"{E(page.Link("/models", ("channel", r.Channel)))}\">{E(r.Channel)}</a>" : $"<a href=\"{E(page.Link("/campaigns", ("channel", r.Channel)))}\">{E(r.Channel)}</a> <a class=\"aside\" href=\"{E(page.Link("/models", ("channel", r.Channel)))}\">every model</a>")}</td>{FigureCells(r, range)}</tr>
                """);
        body.Append("</tbody></table>").Append(page.CostNote);
        return page.Page("Channels", body.ToString(), charts: true, ranged: true);
    }
}
