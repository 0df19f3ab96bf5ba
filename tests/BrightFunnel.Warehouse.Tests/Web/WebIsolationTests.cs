using System.Net;
using System.Text.Json;
using Dapper;

namespace BrightFunnel.Warehouse.Tests.Web;

/// <summary>
/// Who sees what, over HTTP against the real app and bf_web: a tenant's session and token never
/// reach another tenant's rows, whatever the URL says; sign-in is checked, forged and rate-limited.
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class WebIsolationTests
{
    static WebTier tier = null!;
    static Uri url = null!;

    [ClassInitialize]
    public static async Task Start(TestContext _)
    {
        tier = WebTier.Create();
        url = await tier.Start();
    }

    [ClassCleanup]
    public static async Task Stop() => await tier.DisposeAsync();

    static readonly string[] Pages = ["/", "/campaigns", "/channels", "/models", "/accounts", "/web", "/targets", $"/accounts/{WebTier.Acme}/journey"];
    static readonly string[] ApiRoutes = ["/api/v1/models", "/api/v1/campaigns", "/api/v1/channels", "/api/v1/quarters", "/api/v1/accounts", "/api/v1/web",
        "/api/v1/abm/lists", $"/api/v1/abm/lists/{Uri.EscapeDataString(WebTier.TargetList)}/accounts", $"/api/v1/accounts/{WebTier.Acme}/journey"];

    [TestMethod]
    public async Task ASessionSeesItsOwnTenantOnlyAndAnotherTenantsIdsAre404()
    {
        var (email, password) = tier.User(tier.A);
        using var a = await WebTier.SignedIn(url, email, password);
        foreach (var page in Pages)
        {
            var response = await a.GetAsync(page);
            var html = await response.Content.ReadAsStringAsync();
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, $"{page}: {html}");
            StringAssert.Contains(html, $"<span id=\"tenant\">{tier.A}</span>", page);
            Assert.DoesNotContain("Bonly", html, $"{page} shows tenant B's rows");
            StringAssert.Contains(html, "Published at ", page);

            foreach (var tampered in new[] { $"{page}?tenant={tier.B}", $"{page}?stage=revenue&tenant={tier.B}", $"{page}?tenant={tier.A}&tenant={tier.B}" })
                Assert.AreEqual(HttpStatusCode.NotFound, (await a.GetAsync(tampered)).StatusCode, tampered);
            Assert.AreEqual(HttpStatusCode.OK, (await a.GetAsync($"{page}?tenant={tier.A}")).StatusCode, "naming one's own tenant is harmless");
        }
        var bCampaign = "B" + (await FirstCampaignId(a))[1..];
        Assert.AreEqual(HttpStatusCode.NotFound, (await a.GetAsync($"/models?campaign={bCampaign}")).StatusCode, "B's campaign id");
        Assert.AreEqual(HttpStatusCode.NotFound, (await a.GetAsync("/models?channel=Bonly%20Events")).StatusCode, "B's channel");
        Assert.AreEqual(HttpStatusCode.OK, (await a.GetAsync($"/models?campaign={await FirstCampaignId(a)}")).StatusCode, "A's own campaign");
    }

    /// <summary>The same route with B's names: its list is "Bonly …", its account ids start with B.</summary>
    static string ForB(string route) => route
        .Replace(Uri.EscapeDataString(WebTier.TargetList), Uri.EscapeDataString("Bonly " + WebTier.TargetList))
        .Replace(WebTier.Acme, "B" + WebTier.Acme[1..]);

    [TestMethod]
    public async Task ATokenSeesItsOwnTenantOnlyAndAnotherTenantsIdsAre404()
    {
        using var a = WebTier.Bearer(url, tier.Token(tier.A));
        using var b = WebTier.Bearer(url, tier.Token(tier.B));
        foreach (var route in ApiRoutes)
        {
            var response = await a.GetAsync(route);
            var json = await response.Content.ReadAsStringAsync();
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, $"{route}: {json}");
            Assert.DoesNotContain("Bonly", json, route);
            Assert.AreEqual(HttpStatusCode.NotFound, (await a.GetAsync($"{route}?tenant={tier.B}")).StatusCode, route);
            StringAssert.Contains(await b.GetStringAsync(ForB(route)), route == "/api/v1/models" || route == "/api/v1/quarters" ? "publication" : "Bonly", "B's token reads B");
        }
        Assert.AreEqual(HttpStatusCode.NotFound, (await a.GetAsync(ForB($"/api/v1/accounts/{WebTier.Acme}/journey"))).StatusCode, "B's account through A's token");
        Assert.AreEqual(HttpStatusCode.NotFound, (await a.GetAsync(ForB($"/api/v1/abm/lists/{Uri.EscapeDataString(WebTier.TargetList)}/accounts"))).StatusCode, "B's list through A's token");
        var campaigns = JsonDocument.Parse(await a.GetStringAsync("/api/v1/campaigns")).RootElement.GetProperty("rows");
        var own = campaigns.EnumerateArray().Select(r => r.GetProperty("campaignId").GetString()!).First(id => id.Length > 0);
        Assert.AreEqual(HttpStatusCode.OK, (await a.GetAsync($"/api/v1/campaigns/{own}")).StatusCode);
        Assert.AreEqual(HttpStatusCode.NotFound, (await a.GetAsync($"/api/v1/campaigns/B{own[1..]}")).StatusCode, "B's campaign id through A's token");
        Assert.AreEqual(HttpStatusCode.OK, (await b.GetAsync($"/api/v1/campaigns/B{own[1..]}")).StatusCode, "which B's token does see");
    }

    [TestMethod]
    public async Task TheWebActivityPageAndApiShowTheTenantsOwnSessionsAndPages()
    {
        var (email, password) = tier.User(tier.A);
        using var session = await WebTier.SignedIn(url, email, password);
        var html = await session.GetStringAsync("/web");
        StringAssert.Contains(html, "<td>2024-03-04</td><td>Organic search</td><td class=\"n\">12</td><td class=\"n\">3</td><td class=\"n\">40</td>");
        StringAssert.Contains(html, "<td>/pricing</td><td class=\"n\">9</td><td class=\"n\">2</td><td class=\"n\">1</td>");
        StringAssert.Contains(html, "href=\"/web", "the navigation links the page");

        using var a = WebTier.Bearer(url, tier.Token(tier.A));
        var json = JsonDocument.Parse(await a.GetStringAsync("/api/v1/web")).RootElement;
        var week = json.GetProperty("channelWeeks").EnumerateArray().Single();
        Assert.AreEqual(("Organic search", 12, 3, 40), (week.GetProperty("channel").GetString(), week.GetProperty("sessions").GetInt32(),
            week.GetProperty("identifiedVisitors").GetInt32(), week.GetProperty("pageViews").GetInt32()));
        Assert.AreEqual("/pricing", json.GetProperty("topPages").EnumerateArray().Single().GetProperty("path").GetString());
    }

    [TestMethod]
    public async Task WithoutCredentialsPagesRedirectToSignInAndTheApiSays401()
    {
        using var anonymous = WebTier.Client(url);
        foreach (var page in Pages)
        {
            var response = await anonymous.GetAsync(page);
            Assert.AreEqual(HttpStatusCode.Redirect, response.StatusCode, page);
            StringAssert.StartsWith(response.Headers.Location!.OriginalString, "/login?returnUrl=");
        }
        foreach (var route in ApiRoutes) Assert.AreEqual(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(route)).StatusCode, route);

        using var forged = WebTier.Bearer(url, "bfw_" + new string('x', 43));
        foreach (var route in ApiRoutes) Assert.AreEqual(HttpStatusCode.Unauthorized, (await forged.GetAsync(route)).StatusCode, route);

        // A session cookie does not open the API: BI tools use tokens, and a page's cookie must not be replayed there.
        var (email, password) = tier.User(tier.A);
        using var session = await WebTier.SignedIn(url, email, password);
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await session.GetAsync("/api/v1/campaigns")).StatusCode);
    }

    [TestMethod]
    public async Task AWrongPasswordOrAFormWithoutItsAntiforgeryTokenSignsNobodyIn()
    {
        var (email, password) = tier.User(tier.A);
        using var client = WebTier.Client(url);
        var wrong = await WebTier.PostLogin(client, email, password + "x");
        Assert.AreEqual(HttpStatusCode.Unauthorized, wrong.StatusCode);
        StringAssert.Contains(await wrong.Content.ReadAsStringAsync(), "Wrong e-mail or password");
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await WebTier.PostLogin(client, "nobody@example.com", password)).StatusCode);
        Assert.AreEqual(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode, "still signed out");

        var forged = await WebTier.PostLogin(client, email, password, withToken: false);
        Assert.AreEqual(HttpStatusCode.BadRequest, forged.StatusCode, "the right password without the form's anti-forgery token");
        Assert.AreEqual(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode, "still signed out");

        Assert.AreEqual(HttpStatusCode.Redirect, (await WebTier.PostLogin(client, email, password)).StatusCode);
        Assert.AreEqual(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [TestMethod]
    public async Task APasswordResetOrARemovedLoginEndsItsSessions()
    {
        var (email, password) = tier.User(tier.A);
        using var session = await WebTier.SignedIn(url, email, password);
        Assert.AreEqual(HttpStatusCode.OK, (await session.GetAsync("/")).StatusCode);
        var (_, reset) = tier.User(tier.A);
        Assert.AreEqual(HttpStatusCode.Redirect, (await session.GetAsync("/")).StatusCode, "the session of the old password ended on the next request");

        using var again = await WebTier.SignedIn(url, email, reset);
        Assert.AreEqual(HttpStatusCode.OK, (await again.GetAsync("/")).StatusCode);
        using (var web = tier.Cycle.Web()) web.Execute("DELETE FROM web_users WHERE email = @email", new { email });
        Assert.AreEqual(HttpStatusCode.Redirect, (await again.GetAsync("/")).StatusCode, "a removed login's session ended on the next request");
    }

    [TestMethod]
    public async Task RepeatedFailedSignInsAreRateLimited()
    {
        var limited = await tier.Start(loginAttemptsPerMinute: 3);
        var (email, password) = tier.User(tier.A);
        using var client = WebTier.Client(limited);
        for (var i = 0; i < 3; i++) Assert.AreEqual(HttpStatusCode.Unauthorized, (await WebTier.PostLogin(client, email, "guess" + i)).StatusCode);
        Assert.AreEqual((HttpStatusCode)429, (await WebTier.PostLogin(client, email, "guess4")).StatusCode);
        Assert.AreEqual((HttpStatusCode)429, (await WebTier.PostLogin(client, email, password)).StatusCode, "the limit holds for the right password too");
    }

    [TestMethod]
    public async Task EveryResponseCarriesTheSecurityHeadersAndTheOpenApiDocumentIsServed()
    {
        using var anonymous = WebTier.Client(url);
        foreach (var path in new[] { "/login", "/", "/api/v1/campaigns", "/openapi/v1.json", "/lib/echarts.min.js" })
        {
            var response = await anonymous.GetAsync(path);
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.IsTrue(response.StatusCode != HttpStatusCode.BadRequest, $"{path}: the loopback address is an allowed host");
            StringAssert.Contains(csp, "default-src 'self'", path);
            StringAssert.Contains(csp, "script-src 'self'", path);
            StringAssert.Contains(csp, "frame-ancestors 'none'", path);
            Assert.DoesNotContain("unsafe-inline", csp, path);
            Assert.AreEqual("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single(), path);
            Assert.AreEqual("DENY", response.Headers.GetValues("X-Frame-Options").Single(), path);
            Assert.AreEqual("no-referrer", response.Headers.GetValues("Referrer-Policy").Single(), path);
        }
        var echarts = await anonymous.GetAsync("/lib/echarts.min.js");
        Assert.AreEqual(HttpStatusCode.OK, echarts.StatusCode, "ECharts is served by the app itself");
        Assert.IsGreaterThan(100_000L, echarts.Content.Headers.ContentLength ?? 0);

        var openApi = JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json")).RootElement;
        var paths = openApi.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var route in ApiRoutes.Where(r => !r.Contains(WebTier.Acme) && !r.Contains("/abm/lists/")).Concat(["/api/v1/campaigns/{id}", "/api/v1/abm/lists/{name}/accounts", "/api/v1/accounts/{id}/journey"]))
            CollectionAssert.Contains(paths, route);
    }

    [TestMethod]
    public async Task ABadSelectionIsA400NamingTheParameter()
    {
        using var a = WebTier.Bearer(url, tier.Token(tier.A));
        var response = await a.GetAsync("/api/v1/campaigns?model=nosuch");
        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.AreEqual("model", error.GetProperty("parameter").GetString());
        StringAssert.Contains(error.GetProperty("error").GetString(), "got 'nosuch'");
        Assert.AreEqual(HttpStatusCode.BadRequest, (await a.GetAsync("/api/v1/accounts?limit=0")).StatusCode);
    }

    static async Task<string> FirstCampaignId(HttpClient session)
    {
        var html = await session.GetStringAsync("/campaigns");
        return System.Text.RegularExpressions.Regex.Match(html, "campaign=([0-9A-Za-z]{18})").Groups[1].Value;
    }
}
