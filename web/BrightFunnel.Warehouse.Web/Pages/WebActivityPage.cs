using System.Text;
using BrightFunnel.Warehouse.Web.Data;
using static BrightFunnel.Warehouse.Web.Pages.Html;

namespace BrightFunnel.Warehouse.Web.Pages;

/// <summary>Web activity: sessions and identified visitors per channel and week, and the pages people viewed before their opportunities opened.</summary>
public static class WebActivityPage
{
    public static async Task<IResult> Render(PageContext page, PublishedSnapshot data)
    {
        var web = await data.Web();
        var body = new StringBuilder();
        if (web.ChannelWeeks.Count == 0)
            body.Append("""<p class="note" id="no-web">No web activity is published: the tenant has no web events on the cluster (engine impala), or its web step has not run.</p>""");
        body.Append("""<h2>Sessions per channel and week</h2><table id="web-channel-weeks"><thead><tr><th>Week of</th><th>Channel</th><th class="n">Sessions</th><th class="n">Identified visitors</th><th class="n">Page views</th></tr></thead><tbody>""");
        foreach (var w in web.ChannelWeeks)
            body.Append($"""<tr><td>{w.WeekStart:yyyy-MM-dd}</td><td>{E(w.Channel)}</td><td class="n">{w.Sessions}</td><td class="n">{w.IdentifiedVisitors}</td><td class="n">{w.PageViews}</td></tr>""");
        body.Append("""</tbody></table><h2>Top pages before opportunity creation</h2><table id="web-top-pages"><thead><tr><th>Page</th><th class="n">Views</th><th class="n">People</th><th class="n">Opportunities</th></tr></thead><tbody>""");
        foreach (var p in web.TopPages)
            body.Append($"""<tr><td>{E(p.Path)}</td><td class="n">{p.Views}</td><td class="n">{p.People}</td><td class="n">{p.Opportunities}</td></tr>""");
        body.Append("""</tbody></table><p class="note">Views count a page view once for each opportunity of the viewer's account created after it.</p>""");
        return page.Page("Web activity", body.ToString());
    }
}
