using System.Net;
using BrightFunnel.Warehouse.Collect.Sites;

namespace BrightFunnel.Warehouse.Collect.Demo;

/// <summary>
/// A tiny website with the snippet (<c>Collect:DemoTenant</c>, off by default), so a new user can
/// click around and see the visit become a touch: a home page, a pricing page reached with UTM
/// parameters, and a contact form with an email field. The consent button calls
/// <c>bf.consent(true)</c>. It sends to the demo tenant's first site key, which also accepts the
/// collector's own origin (<see cref="Intake.OriginPolicy"/>).
/// </summary>
public static class DemoSite
{
    public const string Root = "/demo";

    public static void Map(WebApplication app, string tenant)
    {
        var sites = app.Services.GetRequiredService<SiteCache>();
        app.MapGet(Root + "/", () => Page(sites, tenant, "Acme Analytics", """
            <p>Attribution for B2B marketing teams.</p>
            <p><a id="to-pricing" href="/demo/pricing?utm_source=newsletter&amp;utm_medium=email&amp;utm_campaign=Spring+Launch">See pricing</a>
               (a link as a newsletter would carry it, with UTM parameters)</p>
            <p><a id="to-contact" href="/demo/contact">Talk to sales</a></p>
            """));
        app.MapGet(Root + "/pricing", () => Page(sites, tenant, "Pricing · Acme Analytics", """
            <p>Team: $99 a month. Enterprise: ask us.</p>
            <p><a id="to-contact" href="/demo/contact">Talk to sales</a> · <a href="/demo/">Home</a></p>
            """));
        app.MapGet(Root + "/contact", () => Page(sites, tenant, "Contact · Acme Analytics", """
            <form id="contact" method="post" action="/demo/contact">
              <label>Email <input id="email" type="email" name="email" required></label>
              <label>Company <input id="company" name="company"></label>
              <button id="send" type="submit">Send</button>
            </form>
            """));
        // The form's fields are not read: the snippet already sent the email's hash on submit.
        app.MapPost(Root + "/contact", () => Results.Redirect(Root + "/thanks", permanent: false, preserveMethod: false))
            .DisableAntiforgery();
        app.MapGet(Root + "/thanks", () => Page(sites, tenant, "Thanks · Acme Analytics", """
            <p id="thanks">Thanks, we will be in touch.</p><p><a href="/demo/">Home</a></p>
            """));
    }

    static IResult Page(SiteCache sites, string tenant, string title, string body)
    {
        if (sites.FirstOf(tenant) is not { } site)
            return Results.Content($"<!doctype html><title>demo site</title><p>The demo tenant {WebUtility.HtmlEncode(tenant)} has no site key yet: " +
                $"<code>bfw web site add {WebUtility.HtmlEncode(tenant)} --origin http://127.0.0.1:5070</code>, then reload (the collector reads keys every few seconds).</p>",
                "text/html; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
        var html = $$$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>{{{WebUtility.HtmlEncode(title)}}}</title>
            <script>window.bf=window.bf||{q:[],consent:function(v){this.q.push(['consent',v])},identify:function(e){this.q.push(['identify',e])}};</script>
            <script async src="/bf.js" data-site="{{{WebUtility.HtmlEncode(site.SiteKey)}}}"></script>
            <style>body{font-family:sans-serif;max-width:40em;margin:2em auto}#consent-bar{background:#eef;padding:.5em}</style>
            </head><body>
            <div id="consent-bar">This demo site records your visit for BrightFunnel only with your consent.
              <button id="consent" onclick="bf.consent(true)">I agree</button></div>
            <h1>{{{WebUtility.HtmlEncode(title)}}}</h1>
            {{{body}}}
            </body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }
}
