using System.Net;
using System.Text.Json;
using BrightFunnel.Warehouse.Console;
using BrightFunnel.Warehouse.Orchestrator.Reporting;
using Dapper;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Tests.Web;

/// <summary>The API's numbers against <c>bfw report</c>, a reader during publishes, and the console's login and token verbs.</summary>
[TestClass]
[TestCategory("integration")]
public sealed class WebApiTests
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

    static JsonElement Rows(string json) => JsonDocument.Parse(json).RootElement.GetProperty("rows");

    [TestMethod]
    public async Task AChannelsCampaignsAreTheDrillDownOfBfwReportAndAnUnknownChannelIsNamed()
    {
        using var api = WebTier.Bearer(url, tier.Token(tier.A));
        var report = new AnalyticsReport(tier.Tenant.ConnectionString).Read(new ReportQuery("revenue", "linear", "campaign", "all", 10000));
        var channel = (string)report.Rows[0][1]!;
        var rows = Rows(await api.GetStringAsync($"/api/v1/campaigns?stage=revenue&channel={Uri.EscapeDataString(channel)}")).EnumerateArray().ToList();
        CollectionAssert.AreEqual(report.Rows.Where(r => (string?)r[1] == channel).Select(r => r[0]).ToList(),
            rows.Select(r => (object?)r.GetProperty("name").GetString()).ToList());
        var unknown = await api.GetAsync("/api/v1/campaigns?channel=Telepathy");
        Assert.AreEqual(HttpStatusCode.BadRequest, unknown.StatusCode);
        var error = JsonDocument.Parse(await unknown.Content.ReadAsStringAsync()).RootElement;
        Assert.AreEqual("channel", error.GetProperty("parameter").GetString());
        StringAssert.Contains(error.GetProperty("error").GetString(), "channel 'Telepathy' has no campaign in this version");
    }

    [TestMethod]
    [DataRow("pipeline", "linear", "all")]
    [DataRow("revenue", "w_shaped", "all")]
    [DataRow("pipeline", "first_touch", WebTier.FilterMatchingNothing)]
    public async Task TheApiGivesTheNumbersOfBfwReport(string stage, string model, string filter)
    {
        using var api = WebTier.Bearer(url, tier.Token(tier.A));
        var report = new AnalyticsReport(tier.Tenant.ConnectionString);
        var query = $"?stage={stage}&model={model}&filter={Uri.EscapeDataString(filter)}";

        var campaigns = Rows(await api.GetStringAsync("/api/v1/campaigns" + query)).EnumerateArray().ToList();
        var expected = report.Read(new ReportQuery(stage, model, "campaign", filter, 10000));
        var named = campaigns.Where(c => c.GetProperty("campaignId").GetString() != "").ToList();
        CollectionAssert.AreEqual(expected.Rows.Select(r => r[0]).ToList(), named.Select(c => (object?)c.GetProperty("name").GetString()).ToList());
        CollectionAssert.AreEqual(expected.Rows.Select(r => Cents(r[2])).ToList(), named.Select(c => c.GetProperty("attributedAmount").GetDouble()).ToList());
        Assert.AreEqual(Cents(expected.UnattributedAmount), campaigns.Single(c => c.GetProperty("campaignId").GetString() == "").GetProperty("attributedAmount").GetDouble(),
            "the unattributed row");

        var channels = Rows(await api.GetStringAsync("/api/v1/channels" + query)).EnumerateArray().Where(c => c.GetProperty("channel").GetString() != "(unattributed)").ToList();
        var byChannel = report.Read(new ReportQuery(stage, model, "channel", filter, 10000));
        CollectionAssert.AreEqual(byChannel.Rows.Select(r => (r[0], Cents(r[1]))).ToList(),
            channels.Select(c => ((object?)c.GetProperty("channel").GetString(), c.GetProperty("attributedAmount").GetDouble())).ToList());

        var accounts = Rows(await api.GetStringAsync("/api/v1/accounts" + query)).EnumerateArray().ToList();
        var byAccount = report.Read(new ReportQuery(stage, model, "account", filter, 100));
        CollectionAssert.AreEqual(byAccount.Rows.Select(r => (r[0], Cents(r[1]))).ToList(),
            accounts.Select(a => ((object?)(a.GetProperty("accountName").GetString() ?? a.GetProperty("accountId").GetString()), a.GetProperty("attributedAmount").GetDouble())).ToList());

        var quarters = Rows(await api.GetStringAsync("/api/v1/quarters" + query)).EnumerateArray().Reverse().ToList();
        var byQuarter = report.Read(new ReportQuery(stage, model, "quarter", filter, 10000));
        CollectionAssert.AreEqual(byQuarter.Rows.Select(r => (r[0], Cents(r[3]))).ToList(),
            quarters.Select(q => ((object?)$"FY{q.GetProperty("fiscalYear").GetInt32()} Q{q.GetProperty("fiscalQuarter").GetInt32()}", q.GetProperty("attributedAmount").GetDouble())).ToList());
        if (filter == "all") Assert.IsTrue(accounts.Any(a => a.GetProperty("attributedAmount").GetDouble() > 0), "account attribution is published");

        // What a BI tool reads: amounts in cents (no 15580699.999999998) and the publication time in UTC with its Z.
        var raw = await api.GetStringAsync("/api/v1/campaigns" + query);
        Assert.IsFalse(System.Text.RegularExpressions.Regex.IsMatch(raw, @":-?\d+\.\d{3,}[,}\]]"), "no figure has more than two decimals");
        StringAssert.EndsWith(JsonDocument.Parse(raw).RootElement.GetProperty("publication").GetProperty("publishedAt").GetString(), "Z");
    }

    /// <summary>What the API shows of a figure: rounded to cents, halves away from zero.</summary>
    static double Cents(object? value) => Math.Round(Convert.ToDouble(value), 2, MidpointRounding.AwayFromZero);

    [TestMethod]
    public async Task EveryResponseDuringPublishesShowsOnePublishedVersion()
    {
        using var api = WebTier.Bearer(url, tier.Token(tier.A));
        const string route = "/api/v1/campaigns?stage=pipeline&model=linear";
        var before = Total(await api.GetStringAsync(route));
        using (var c = tier.Tenant.Open()) c.Execute("UPDATE an_campaign SET attributed_amount = attributed_amount * 3 + 7");
        // What the next versions publish: the sum a reader must see whenever it sees one of them.
        double after;
        using (var c = tier.Tenant.Open())
            after = c.ExecuteScalar<double>("SELECT SUM(attributed_amount) FROM an_campaign WHERE filter_name = 'all' AND stage = 'pipeline' AND model = 'linear'");
        Assert.AreNotEqual(before.Total, after);

        var seen = new List<(long Version, double Total)>();
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var response = await api.GetAsync(route);
                Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
                var total = Total(await response.Content.ReadAsStringAsync());
                lock (seen) seen.Add(total);
            }
        })).ToList();
        for (var i = 0; i < 5; i++) await Task.Run(() => PublishStep.Publish(tier.Tenant.ConnectionString, tier.Tenant.Settings.Web.ConnectionString, tier.Tenant.Id));
        stop.Cancel();
        await Task.WhenAll(readers);

        Assert.IsGreaterThan(5, seen.Count, "the readers read while publishing");
        Assert.IsTrue(seen.Any(s => s.Version > before.Version), "some responses show a version published meanwhile");
        foreach (var (version, total) in seen)
            Assert.AreEqual(version == before.Version ? before.Total : after, total, 1e-6, $"version {version}: a response mixing versions");
    }

    static (long Version, double Total) Total(string json)
    {
        var root = JsonDocument.Parse(json).RootElement;
        return (root.GetProperty("publication").GetProperty("version").GetInt64(),
            root.GetProperty("rows").EnumerateArray().Sum(r => r.GetProperty("attributedAmount").GetDouble()));
    }

    static (int Code, string Out, string Err) Bfw(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = new BfwConsole(tier.Tenant.Settings, output, error).Run(args);
        return (code, output.ToString(), error.ToString());
    }

    [TestMethod]
    public async Task BfwWebUserAddPrintsAPasswordThatSignsInAndAddedAgainResetsIt()
    {
        var email = $"Console-{Guid.NewGuid():N}@Example.com";
        var first = Bfw("web", "user", "add", tier.A, email);
        Assert.AreEqual(0, first.Code, first.Err);
        StringAssert.Contains(first.Out, "created");
        var password = first.Out.Split("password (shown once): ")[1].Trim();
        using (var client = WebTier.Client(url))
            Assert.AreEqual(HttpStatusCode.Redirect, (await WebTier.PostLogin(client, email.ToLowerInvariant(), password)).StatusCode);
        using (var web = tier.Cycle.Web())
            Assert.DoesNotContain(password, web.ExecuteScalar<string>("SELECT password_hash FROM web_users WHERE email = @e", new { e = email.ToLowerInvariant() })!,
                "only a hash is stored");

        var again = Bfw("web", "user", "add", tier.A, email);
        Assert.AreEqual(0, again.Code, again.Err);
        StringAssert.Contains(again.Out, "password reset");
        var reset = again.Out.Split("password (shown once): ")[1].Trim();
        Assert.AreNotEqual(password, reset);
        using (var client = WebTier.Client(url))
            Assert.AreEqual(HttpStatusCode.Unauthorized, (await WebTier.PostLogin(client, email, password)).StatusCode, "the old password no longer works");

        Assert.AreEqual(BfwConsole.BadUsage, Bfw("web", "user", "add", tier.B, email).Code, "a login opens one tenant only");
        Assert.AreEqual(BfwConsole.BadUsage, Bfw("web", "user", "add", "nosuchtenant", "x@example.com").Code);
        var bad = Bfw("web", "user", "add", tier.A, "not-an-address");
        Assert.AreEqual(BfwConsole.BadUsage, bad.Code);
        StringAssert.Contains(bad.Err, "not an e-mail address");
        Assert.AreEqual(BfwConsole.BadUsage, Bfw("web", "user", "add", tier.A).Code, "missing e-mail");
        Assert.AreEqual(BfwConsole.BadUsage, Bfw("web", "token", "add", tier.A, "extra").Code);
    }

    [TestMethod]
    public async Task BfwWebTokenAddPrintsATokenTheApiAccepts()
    {
        var added = Bfw("web", "token", "add", tier.A);
        Assert.AreEqual(0, added.Code, added.Err);
        var token = added.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1].Trim();
        using var api = WebTier.Bearer(url, token);
        Assert.AreEqual(HttpStatusCode.OK, (await api.GetAsync("/api/v1/campaigns")).StatusCode);
        using var web = tier.Cycle.Web();
        Assert.AreEqual(0L, web.ExecuteScalar<long>("SELECT COUNT(*) FROM web_tokens WHERE token_hash = @t", new { t = System.Text.Encoding.UTF8.GetBytes(token) }),
            "the token itself is not stored");
    }
}
