using System.Globalization;
using System.Text;
using BrightFunnel.Warehouse.Web.Data;
using static BrightFunnel.Warehouse.Web.Pages.Html;

namespace BrightFunnel.Warehouse.Web.Pages;

/// <summary>
/// The models compared as a grid: channels or campaigns (<c>?rows=channel|campaign</c>) down, every
/// model across, each cell the attributed amount and its change against the baseline, which is the
/// model chosen in the selectors. Campaigns: the first <c>?limit=</c> (50) by the baseline's amount.
/// </summary>
public static class ModelGridPage
{
    public static readonly string[] RowKinds = ["channel", "campaign"];

    public static (string Rows, int Limit) Parse(IQueryCollection query)
    {
        var rows = query["rows"].ToString() is { Length: > 0 } r ? r : "channel";
        if (!RowKinds.Contains(rows)) throw new BadSelectionException("rows", $"rows must be channel or campaign, got '{rows}'");
        return (rows, Limits.Parse(query, "limit", 50, 1, 1000));
    }

    public static Task<IResult> Render(PageContext page, PublishedSnapshot data, IQueryCollection query)
    {
        var (rows, limit) = Parse(query);
        return page.CachedPage(data, $"grid|{rows}|{limit}", "Model grid", () => Body(page, data, rows, limit), ranged: true,
            keep: [("rows", rows), ("limit", query["limit"].ToString() is { Length: > 0 } l ? l : null)]);
    }

    static async Task<string> Body(PageContext page, PublishedSnapshot data, string rows, int limit)
    {
        var range = page.Range;
        var grid = await data.Grid(rows, page.Selection, limit, range);
        var body = new StringBuilder(RangeNote(range)).Append("<p class=\"tabs\">");
        foreach (var kind in RowKinds)
            body.Append(kind == rows ? $"<strong>{kind}s</strong> " : $"""<a href="{E(page.Link("/models/grid", ("rows", kind)))}">{kind}s</a> """);
        body.Append($"""</p><p class="note" id="baseline-note">Attributed {E(page.Selection.Stage)} per {rows} under every model; the change in each cell is against the baseline <strong id="baseline" data-model="{E(grid.Baseline)}">{E(Glossary.ModelName(grid.Baseline))}</strong> (choose it with Model above). {E(Glossary.ModelChange)}</p>""");
        body.Append("""<table id="model-grid"><thead><tr><th>""").Append(rows == "campaign" ? "Campaign" : "Channel").Append("</th>");
        foreach (var model in grid.Models)
            body.Append($"""<th class="n{(model == grid.Baseline ? " baseline" : "")}" data-model="{E(model)}">{E(Glossary.ModelName(model))}</th>""");
        body.Append("</tr></thead><tbody>");
        foreach (var row in grid.Items)
        {
            body.Append($"""<tr data-key="{E(row.Key)}"><td>{E(row.Name)}</td>""");
            foreach (var model in grid.Models)
            {
                var amount = row.Amounts.GetValueOrDefault(model);
                var change = model == grid.Baseline ? "" : Change(row.Changes.GetValueOrDefault(model));
                body.Append($"""<td class="n" data-model="{E(model)}" data-amount="{Math.Round(amount, 2).ToString(CultureInfo.InvariantCulture)}">{Money(amount)}{change}</td>""");
            }
            body.Append("</tr>");
        }
        body.Append("</tbody></table>");
        if (rows == "campaign") body.Append($"""<p class="note">The first {grid.Items.Count} campaigns by the baseline's amount; <code>?limit=</code> shows up to 1000.</p>""");
        return body.ToString();
    }
}
