using System.Globalization;
using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;
using Dapper;
using static BrightFunnel.Warehouse.Tests.CanonicalRows;

namespace BrightFunnel.Warehouse.Tests.Impala;

/// <summary>
/// Web touches in attribution on a hand-computed tenant: the web step publishes, then the Impala
/// attribute step counts the published web touches like campaign members when web_touches = on,
/// and nothing changes when it is off. Every expected share is computed by hand from docs/attribution.md.
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class WebTouchAttributionTests
{
    TestTenant tenant = null!;
    TestEngine engine = null!;
    long run;

    [TestInitialize]
    public void Setup()
    {
        tenant = new TestTenant();
        engine = TestEngine.Start();
    }

    [TestCleanup]
    public async Task Cleanup()
    {
        await engine.DisposeAsync();
        tenant.Dispose();
    }

    /// <summary>
    /// Account A, opportunity 1 (1000, created 2024-03-20, won, closed 2024-04-30). Ann (contact of A):
    /// a Salesforce touch (campaign 1) on 2024-03-10. Her visitor: an organic session on 2024-03-01
    /// (anonymous then: her first session, a touch), a direct one on 2024-03-05 (no touch), identifies on
    /// 2024-03-05, a paid search session on 2024-03-15 (a touch), and one on 2024-04-10 with
    /// utm_campaign naming campaign 1 by name (a touch for campaign 1: a second touch of hers for it,
    /// which the one-per-(campaign, person) rule does not remove). Opportunity 2 (account B, 500, created
    /// 2024-03-20) has one Salesforce touch and no web activity.
    /// </summary>
    void Load(TenantConfig config)
    {
        using (var c = tenant.Open())
        {
            TenantSettingsWriter.Write(c, new TenantConfigVersion(1, config, DateTime.UtcNow, "test"));
            WebStepTests.Contact(c, "1", "A", "2024-02-01", "ann@acme.com");
            c.Execute("INSERT INTO cn_campaigns (campaign_id, name, channel) VALUES (@id, 'Spring launch', 'Webinar')", new { id = Id("701", "1") });
            Touch(c, "1", "1", "1", "2024-03-10");
            Opportunity(c, "1", "A", 1000m, "2024-03-20", "2024-04-30", won: true);
            Person(c, "2", "B", "2024-01-01");
            Touch(c, "2", "1", "2", "2024-03-01");
            Opportunity(c, "2", "B", 500m, "2024-03-20", null, won: false);
        }
        var ann = new Visitor("ann", new DateTimeOffset(2024, 3, 1, 12, 0, 0, TimeSpan.Zero))
            .Page(0, referrerHost: "www.google.com")
            .Page(4 * 1440)
            .Identify(4 * 1440 + 1, "ann@acme.com")
            .Page(14 * 1440, source: "google", medium: "cpc")
            .Page(40 * 1440, source: "news", medium: "email", campaign: "Spring launch");
        WebLake.WriteAsync(engine, tenant.Id, ann.Events).GetAwaiter().GetResult();
    }

    void WebThenAttribute()
    {
        var web = new WebActivityOffload(tenant.ConnectionString, engine.OffloadSettings(), EngineScripts.Web(tenant.Settings.SqlRoot))
            .RunAsync(tenant.Id, ++run, "UTC").GetAwaiter().GetResult();
        Assert.IsNotNull(web);
        new ImpalaAttributionEngine(tenant.Id, ++run, tenant.ConnectionString, engine.OffloadSettings(), tenant.Settings.SqlRoot).Offload();
    }

    /// <summary>(opportunity key, stage, campaign) → (linear share, first-touch share) of every pair, in path order.</summary>
    List<(string Opp, string Stage, string Touch, string Campaign, double Linear, double First, double Last)> Pairs()
    {
        var session = engine.OpenSessionAsync().GetAwaiter().GetResult();
        try
        {
            return session.QueryAsync($"""
                    SELECT opportunity_id, stage, touch_id, campaign_id, share_linear, share_first_touch, share_last_touch
                    FROM bfw_{tenant.Id.Value}.at_paths ORDER BY opportunity_id, stage, `position`
                    """).GetAwaiter().GetResult().Rows
                .Select(r => (((string)r[0]!)[3..4], (string)r[1]!, (string)r[2]!, (string)r[3]!, D(r[4]), D(r[5]), D(r[6]))).ToList();
        }
        finally { session.DisposeAsync().AsTask().GetAwaiter().GetResult(); }
    }

    static double D(object? v) => v is null ? 0 : Convert.ToDouble(v, CultureInfo.InvariantCulture);

    [TestMethod]
    public void WebTouchesCountLikeCampaignMembersWhenOn()
    {
        Load(new TenantConfig { WebTouches = "on" });
        WebThenAttribute();

        var pairs = Pairs();
        // Opportunity 1, pipeline (anchor 2024-03-20): organic (03-01), Salesforce (03-10), paid search (03-15): 1/3 each.
        var pipeline = pairs.Where(p => p.Opp == "1" && p.Stage == "pipeline").ToList();
        CollectionAssert.AreEqual(new[] { "WEB_ORGANIC_SEARCH", Id("701", "1"), "WEB_PAID_SEARCH" }, pipeline.Select(p => p.Campaign).ToArray());
        Assert.IsTrue(pipeline[0].Touch.StartsWith("WS", StringComparison.Ordinal) && pipeline[1].Touch == Id("00v", "1"));
        foreach (var p in pipeline) Assert.AreEqual(1.0 / 3, p.Linear, 1e-12);
        CollectionAssert.AreEqual(new[] { 1.0, 0, 0 }, pipeline.Select(p => p.First).ToArray());
        // Revenue (anchor 2024-04-30): the same three and the utm_campaign session (04-10) for campaign 1: 1/4 each, last = it.
        var revenue = pairs.Where(p => p.Opp == "1" && p.Stage == "revenue").ToList();
        CollectionAssert.AreEqual(new[] { "WEB_ORGANIC_SEARCH", Id("701", "1"), "WEB_PAID_SEARCH", Id("701", "1") }, revenue.Select(p => p.Campaign).ToArray());
        foreach (var p in revenue) Assert.AreEqual(0.25, p.Linear, 1e-12);
        CollectionAssert.AreEqual(new[] { 0, 0, 0, 1.0 }, revenue.Select(p => p.Last).ToArray());
        // Opportunity 2 has no web activity: its one Salesforce touch takes everything.
        Assert.AreEqual(1.0, pairs.Single(p => p.Opp == "2").Linear, 1e-12);
    }

    [TestMethod]
    public void NothingChangesWhenOff()
    {
        Load(new TenantConfig { WebTouches = "off" });
        WebThenAttribute();

        var pairs = Pairs();
        CollectionAssert.AreEqual(new[] { Id("00v", "1"), Id("00v", "1"), Id("00v", "2") }, pairs.Select(p => p.Touch).ToArray());
        Assert.IsTrue(pairs.All(p => p.Linear == 1.0));
    }
}
