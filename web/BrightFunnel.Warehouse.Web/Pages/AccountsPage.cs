using System.Text;
using BrightFunnel.Warehouse.Web.Data;
using static BrightFunnel.Warehouse.Web.Pages.Html;

namespace BrightFunnel.Warehouse.Web.Pages;

/// <summary>Accounts by attributed amount: engagement over 30 and 90 days, open pipeline, won revenue.</summary>
public static class AccountsPage
{
    public static async Task<IResult> Render(PageContext page, PublishedSnapshot data, IQueryCollection query)
    {
        var limit = Limits.Parse(query, "limit", 100, 1, 1000);
        var rows = await data.Accounts(page.Selection, limit);
        var body = new StringBuilder("""<table id="accounts"><thead><tr><th>Account</th><th class="n">Attributed</th><th class="n">Touches 30 d</th><th class="n">Touches 90 d</th><th class="n">People 30 d</th><th class="n">People 90 d</th><th>Last touch</th><th class="n">Open pipeline</th><th class="n">Won revenue</th></tr></thead><tbody>""");
        foreach (var a in rows)
            body.Append($"""
                <tr><td>{E(a.AccountName ?? a.AccountId)}</td><td class="n">{Money(a.AttributedAmount)}</td><td class="n">{a.Touches30d}</td><td class="n">{a.Touches90d}</td>
                <td class="n">{a.People30d}</td><td class="n">{a.People90d}</td><td>{a.LastTouchDate:yyyy-MM-dd}</td><td class="n">{Money(a.OpenPipeline)}</td><td class="n">{Money(a.WonRevenue)}</td></tr>
                """);
        body.Append($"</tbody></table><p class=\"note\">The first {rows.Count} accounts by attributed amount; <code>?limit=</code> shows up to 1000.");
        if (page.Publication.AsOf is { } asOf)
            body.Append($" Touches and people over the 30 and 90 days up to <span id=\"windows-end\">{asOf:yyyy-MM-dd}</span>, the data's last day with a touch.");
        body.Append("</p>");
        return page.Page("Accounts", body.ToString(), keep: ("limit", query["limit"].ToString() is { Length: > 0 } l ? l : null));
    }
}
