using System.Net;
using System.Text.Json;
using BrightFunnel.Warehouse.Orchestrator.Abm;
using Dapper;

namespace BrightFunnel.Warehouse.Tests.Web;

/// <summary>The Target accounts page, an account's journey and their API (docs/abm.md) against what the engage step built and <c>bfw abm report</c> reads.</summary>
[TestClass]
[TestCategory("integration")]
public sealed class AbmWebTests
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

    static string ListPath => $"/api/v1/abm/lists/{Uri.EscapeDataString(WebTier.TargetList)}/accounts";

    [TestMethod]
    public async Task TheTargetAccountsPageAndApiGiveTheNumbersOfBfwAbmReport()
    {
        var report = new TargetAccountReport(tier.Tenant.ConnectionString).Read(WebTier.TargetList)!;
        Assert.AreEqual(1L, report.List.Accounts, "the sample tenant's Tier 1 account");
        using var api = WebTier.Bearer(url, tier.Token(tier.A));
        var body = JsonDocument.Parse(await api.GetStringAsync(ListPath)).RootElement;
        Assert.AreEqual(report.List.EngagedThisQuarter, body.GetProperty("list").GetProperty("engagedThisQuarter").GetInt64());
        var accounts = body.GetProperty("accounts").EnumerateArray().ToList();
        CollectionAssert.AreEqual(report.Accounts.Select(a => a.AccountId).ToList(), accounts.Select(a => a.GetProperty("accountId").GetString()).ToList());
        CollectionAssert.AreEqual(report.Accounts.Select(a => a.Score).ToList(), accounts.Select(a => a.GetProperty("score").GetDouble()).ToList());
        CollectionAssert.AreEqual(report.Accounts.Select(a => a.OpenPipeline).ToList(), accounts.Select(a => a.GetProperty("openPipeline").GetDecimal()).ToList());
        CollectionAssert.AreEqual(report.Accounts.Select(a => a.Trend).ToList(), accounts.Select(a => a.GetProperty("trend").GetString()).ToList());

        var (email, password) = tier.User(tier.A);
        using var browser = await WebTier.SignedIn(url, email, password);
        var html = await browser.GetStringAsync("/targets");
        StringAssert.Contains(html, "id=\"target-accounts\"");
        StringAssert.Contains(html, $"/accounts/{WebTier.Acme}/journey");
        StringAssert.Contains(html, "<svg class=\"spark\"", "each account has its sparkline");
        StringAssert.Contains(html, ">Acme</a>");
    }

    [TestMethod]
    public async Task AnAccountsJourneyShowsEveryRowTheEngageStepBuiltAndTheModelsCredit()
    {
        using var c = tier.Tenant.Open();
        var rows = c.ExecuteScalar<long>("SELECT COUNT(*) FROM an_account_journey WHERE account_id = @id", new { id = WebTier.Acme });
        Assert.IsTrue(rows > 0, "the sample account has touches");
        using var api = WebTier.Bearer(url, tier.Token(tier.A));
        var journey = JsonDocument.Parse(await api.GetStringAsync($"/api/v1/accounts/{WebTier.Acme}/journey")).RootElement.GetProperty("journey");
        Assert.AreEqual(rows, journey.GetProperty("timeline").GetArrayLength());
        Assert.AreEqual(c.ExecuteScalar<long>("SELECT weeks FROM an_target_account_weeks_packed WHERE account_id = @id", new { id = WebTier.Acme }),
            journey.GetProperty("weeks").GetArrayLength());
        var models = c.ExecuteScalar<long>("SELECT COUNT(DISTINCT model) FROM an_account_attribution WHERE account_id = @id AND filter_name = 'all' AND stage = 'revenue'", new { id = WebTier.Acme });
        Assert.AreEqual(models, journey.GetProperty("wonCredit").GetArrayLength(), "one credit row per model");

        var (email, password) = tier.User(tier.A);
        using var browser = await WebTier.SignedIn(url, email, password);
        var html = await browser.GetStringAsync($"/accounts/{WebTier.Acme}/journey");
        StringAssert.Contains(html, "id=\"timeline\"");
        StringAssert.Contains(html, "id=\"won-credit\"");
    }

    [TestMethod]
    public async Task HostileNamesInAListAnAccountAndItsJourneyAreShownAsText()
    {
        const string script = "<script>alert(1)</script>", image = "<img src=x onerror=alert(2)>";
        using var web = tier.Cycle.Web();
        var p = new { t = tier.A, id = WebTier.Acme, script, image, nul = "\\N" };
        var (name, journey) = web.QuerySingle<(string, byte[])>("""
            SELECT (SELECT account_name FROM web_target_accounts WHERE tenant_id = @t AND account_id = @id LIMIT 1),
                   (SELECT journey FROM web_account_journey_packed WHERE tenant_id = @t AND account_id = @id LIMIT 1)
            """, p);
        web.Execute("UPDATE web_target_accounts SET account_name = @script WHERE tenant_id = @t AND account_id = @id", p);
        // A first journey line whose label is the image tag (sql/tenant/0033_packed_account_pages.sql gives the format).
        web.Execute("""
            UPDATE web_account_journey_packed
            SET journey = COMPRESS(CONCAT(CONCAT_WS(CHAR(9 USING utf8mb4), '2000-01-03', 'touch', @nul, @nul, @image, @nul, '1', @nul),
                                          CHAR(10 USING utf8mb4), CONVERT(UNCOMPRESS(journey) USING utf8mb4)))
            WHERE tenant_id = @t AND account_id = @id
            """, p);
        try
        {
            var fresh = await tier.Start(); // an app of its own: the others have cached this version's pages
            var (email, password) = tier.User(tier.A);
            using var browser = await WebTier.SignedIn(fresh, email, password);
            foreach (var page in new[] { "/targets", $"/accounts/{WebTier.Acme}/journey" })
            {
                var html = await browser.GetStringAsync(page);
                Assert.DoesNotContain(script, html, page);
                Assert.DoesNotContain(image, html, page);
            }
            StringAssert.Contains(await browser.GetStringAsync("/targets"), "&lt;script&gt;alert(1)&lt;/script&gt;");
            StringAssert.Contains(await browser.GetStringAsync($"/accounts/{WebTier.Acme}/journey"), "&lt;img src=x onerror=alert(2)&gt;");
        }
        finally
        {
            web.Execute("UPDATE web_target_accounts SET account_name = @name WHERE tenant_id = @t AND account_id = @id", new { t = tier.A, id = WebTier.Acme, name });
            web.Execute("UPDATE web_account_journey_packed SET journey = @journey WHERE tenant_id = @t AND account_id = @id", new { t = tier.A, id = WebTier.Acme, journey });
        }
    }

    [TestMethod]
    public async Task ABadAccountIdIs400AndAnAccountInNoListOrAnUnknownListIs404()
    {
        using var api = WebTier.Bearer(url, tier.Token(tier.A));
        Assert.AreEqual(HttpStatusCode.BadRequest, (await api.GetAsync("/api/v1/accounts/not-an-id/journey")).StatusCode);
        Assert.AreEqual(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/accounts/001000000000002AAA/journey")).StatusCode, "an account in no list");
        Assert.AreEqual(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/abm/lists/Nope/accounts")).StatusCode);
        var (email, password) = tier.User(tier.A);
        using var browser = await WebTier.SignedIn(url, email, password);
        Assert.AreEqual(HttpStatusCode.BadRequest, (await browser.GetAsync("/accounts/%3Cscript%3E/journey")).StatusCode);
        var unknown = await browser.GetAsync("/targets?list=%3Cb%3ENope");
        Assert.AreEqual(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.DoesNotContain("<b>Nope", await unknown.Content.ReadAsStringAsync(), "the list name is encoded");
    }
}
