using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Filters;
using Dapper;
using MySql.Data.MySqlClient;
using static BrightFunnel.Warehouse.Tests.CanonicalRows;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Engines.MySql;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Tests.Analytics;

/// <summary>
/// at_* → an_* on a tenant small enough to compute by hand: two accounts, three campaigns in two
/// channels, three opportunities (one without any touch).
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class AnalyticsTests
{
    TestTenant tenant = null!;
    static readonly RelativeDates RunDate = new(new DateOnly(2020, 2, 15), 1);

    [TestInitialize]
    public void Setup()
    {
        tenant = new TestTenant();
        using var c = tenant.Open();
        TenantSettingsWriter.Write(c, new TenantConfigVersion(1, new TenantConfig(), DateTime.UtcNow, "test"));
        Account(c, "A", tier: "Tier 1", name: "Acme");
        Account(c, "B", tier: "Tier 2", name: "Globex");
        Campaign(c, "1", "Webinar", 100m);
        Campaign(c, "2", "Webinar", 0m);
        Campaign(c, "3", "Ads", 50m);
        Person(c, "1", "A", "2019-01-01");
        Person(c, "2", "B", "2019-01-01");
        Touch(c, "1", "1", "1", "2020-02-01");
        Touch(c, "2", "2", "1", "2020-02-10");
        Touch(c, "3", "1", "2", "2020-02-05");
        Touch(c, "4", "3", "2", "2020-02-06");
        Opportunity(c, "1", "A", 1000m, "2020-03-01", "2020-04-15", won: true);
        Opportunity(c, "2", "B", 500m, "2020-03-01", null, won: false);
        Opportunity(c, "3", "Z", 300m, "2020-03-01", null, won: false);
        new MySqlAttributionEngine(tenant.ConnectionString).Attribute();
    }

    [TestCleanup]
    public void Cleanup() => tenant.Dispose();

    void Aggregate(params DynamicFilter[] filters) => AggregateStep.Aggregate(tenant.ConnectionString, filters, RunDate);

    [TestMethod]
    public void CampaignRowsKeepAttributedAndInfluencedApart()
    {
        Aggregate();
        using var c = tenant.Open();
        var rows = c.Query<(string campaign, double attributed, double opps, decimal influenced, long influencedCount, long touches, double? roi)>("""
            SELECT campaign_id, attributed_amount, attributed_opportunities, influenced_amount, influenced_opportunities, touches, roi
            FROM an_campaign WHERE filter_name = 'all' AND stage = 'pipeline' AND model = 'linear' ORDER BY campaign_id
            """).ToList();
        CollectionAssert.AreEqual(new (string, double, double, decimal, long, long, double?)[]
        {
            ("", 300, 1, 0, 0, 0, null),                         // the unattributed row
            (Id("701", "1"), 750, 1, 1500, 2, 2, 7.5),
            (Id("701", "2"), 500, .5, 1000, 1, 1, null),         // no cost, no ROI
            (Id("701", "3"), 250, .5, 500, 1, 1, 5),
        }, rows);

        var webinar = c.QuerySingle<(double attributed, decimal influenced, long count, decimal cost)>(
            "SELECT attributed_amount, influenced_amount, influenced_opportunities, cost FROM an_channel WHERE filter_name = 'all' AND stage = 'pipeline' AND model = 'linear' AND channel = 'Webinar'");
        Assert.AreEqual((1250.0, 1500m, 2L, 100m), webinar, "an opportunity touched by two webinars is influenced once");

        var revenue = c.QuerySingle<(double attributed, decimal influenced)>(
            "SELECT attributed_amount, influenced_amount FROM an_campaign WHERE filter_name = 'all' AND stage = 'revenue' AND model = 'first_touch' AND campaign_id = @id",
            new { id = Id("701", "1") });
        Assert.AreEqual((1000.0, 1000m), revenue);
    }

    [TestMethod]
    public void QuarterAndAccountEngagement()
    {
        Aggregate();
        using var c = tenant.Open();
        var q = c.QuerySingle<(long opps, decimal total, double attributed, decimal unattributed)>(
            "SELECT opportunities, total_amount, attributed_amount, unattributed_amount FROM an_quarter WHERE filter_name = 'all' AND stage = 'pipeline' AND model = 'u_shaped' AND fiscal_year = 2020 AND fiscal_quarter = 1");
        Assert.AreEqual((3L, 1800m, 1500.0, 300m), q);
        Assert.AreEqual(2L, c.ExecuteScalar<long>("SELECT fiscal_quarter FROM an_quarter WHERE stage = 'revenue' AND filter_name = 'all' AND model = 'linear'"),
            "revenue reports the close date's quarter");

        var acme = c.QuerySingle<(long t30, long p30, DateTime last, decimal open, decimal won)>(
            "SELECT touches_30d, people_30d, last_touch_date, open_pipeline, won_revenue FROM an_account WHERE filter_name = 'all' AND account_id = @id",
            new { id = Id("001", "A") });
        Assert.AreEqual((2L, 1L, new DateTime(2020, 2, 10), 0m, 1000m), acme);
    }

    [TestMethod]
    public void RecencyWindowsEndOnTheDataLastDayWithATouchNeverAfterTheRunDate()
    {
        // A night long after the data ends: the windows still count back from the last touch (2020-02-10).
        AggregateStep.Aggregate(tenant.ConnectionString, [], new RelativeDates(new DateOnly(2021, 6, 1), 1));
        using var c = tenant.Open();
        Assert.AreEqual(new DateTime(2020, 2, 10), c.ExecuteScalar<DateTime>("SELECT as_of_date FROM an_build_info WHERE id = 1"));
        var acme = c.QuerySingle<(long t30, long t90, long p30)>(
            "SELECT touches_30d, touches_90d, people_30d FROM an_account WHERE filter_name = 'all' AND account_id = @id", new { id = Id("001", "A") });
        Assert.AreEqual((2L, 2L, 1L), acme, "windows counted back from the run date of 2021 would all be 0");

        // A night inside the data: never after the run date; the touch of 2020-02-10 is not yet counted.
        AggregateStep.Aggregate(tenant.ConnectionString, [], new RelativeDates(new DateOnly(2020, 2, 7), 1));
        Assert.AreEqual(new DateTime(2020, 2, 7), c.ExecuteScalar<DateTime>("SELECT as_of_date FROM an_build_info WHERE id = 1"));
        Assert.AreEqual(1L, c.ExecuteScalar<long>("SELECT touches_30d FROM an_account WHERE filter_name = 'all' AND account_id = @id", new { id = Id("001", "A") }),
            "Acme's touch of 2020-02-01 counts, the one of 2020-02-10 is after the run date");
    }

    [TestMethod]
    public void DynamicFiltersScopeEveryTableAndValuesNeverBecomeSql()
    {
        Aggregate(
            new DynamicFilter("tier one", """{"field": "account.tier", "op": "eq", "value": "Tier 1"}"""),
            new DynamicFilter("sneaky", """{"field": "account.name", "op": "eq", "value": "x' OR 1=1 --"}"""));
        using var c = tenant.Open();
        Assert.AreEqual(500.0, c.ExecuteScalar<double>(
            "SELECT attributed_amount FROM an_campaign WHERE filter_name = 'tier one' AND stage = 'pipeline' AND model = 'linear' AND campaign_id = @id",
            new { id = Id("701", "1") }));
        Assert.AreEqual(1L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM an_filter_scopes WHERE filter_name = 'tier one'"));
        Assert.AreEqual(0L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM an_filter_scopes WHERE filter_name = 'sneaky'"), "matches nothing");
        Assert.AreEqual(0.0, c.ExecuteScalar<double>("SELECT SUM(attributed_amount) FROM an_campaign WHERE filter_name = 'sneaky'"));
        Assert.AreEqual(3L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM cn_opportunities"), "and breaks nothing");

        // A filter lists the accounts of its opportunities, with the same engagement as 'all' and its own sums.
        var accounts = c.Query<(string filter, string account, long t30, long p30, decimal open, decimal won)>(
            "SELECT filter_name, account_id, touches_30d, people_30d, open_pipeline, won_revenue FROM an_account ORDER BY filter_name, account_id").ToList();
        CollectionAssert.AreEqual(new[]
        {
            ("all", Id("001", "A"), 2L, 1L, 0m, 1000m),
            ("all", Id("001", "B"), 2L, 1L, 500m, 0m),
            ("tier one", Id("001", "A"), 2L, 1L, 0m, 1000m),
        }, accounts);
    }

    [TestMethod]
    public void UnderAFilterCostIsTheCampaignTotalAndRoiIsWithheld()
    {
        Aggregate(new DynamicFilter("tier one", """{"field": "account.tier", "op": "eq", "value": "Tier 1"}"""));
        using var c = tenant.Open();
        var campaign = c.QuerySingle<(double attributed, decimal cost, double? roi)>(
            "SELECT attributed_amount, cost, roi FROM an_campaign WHERE filter_name = 'tier one' AND stage = 'pipeline' AND model = 'linear' AND campaign_id = @id",
            new { id = Id("701", "1") });
        Assert.AreEqual((500.0, 100m, (double?)null), campaign, "part of the revenue, all of the cost: no ROI");
        var channel = c.QuerySingle<(decimal cost, double? roi)>(
            "SELECT cost, roi FROM an_channel WHERE filter_name = 'tier one' AND stage = 'pipeline' AND model = 'linear' AND channel = 'Webinar'");
        Assert.AreEqual((100m, (double?)null), channel);
        Assert.AreEqual(7.5, c.ExecuteScalar<double?>(
            "SELECT roi FROM an_campaign WHERE filter_name = 'all' AND stage = 'pipeline' AND model = 'linear' AND campaign_id = @id",
            new { id = Id("701", "1") }), "the whole spend against the whole revenue keeps its ROI");
    }

    [TestMethod]
    public void ABadRuleFailsTheStepAndKeepsThePreviousAnalytics()
    {
        Aggregate();
        var e = Assert.ThrowsExactly<BadInputException>(() =>
            Aggregate(new DynamicFilter("broken", """{"field": "account.shoe_size", "op": "eq", "value": 9}""")));
        StringAssert.Contains(e.Message, "filter 'broken'");
        StringAssert.Contains(e.Message, "unknown field 'account.shoe_size'");
        using var c = tenant.Open();
        Assert.IsGreaterThan(0L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM an_campaign WHERE filter_name = 'all'"));
    }

    [TestMethod]
    public void AFailureBesideThePairWorkFailsTheStepAndKeepsThePreviousAnalytics()
    {
        Aggregate();
        using var c = tenant.Open();
        const string Tables = "SELECT (SELECT COUNT(*) FROM an_campaign) + (SELECT COUNT(*) FROM an_account) + (SELECT COUNT(*) FROM an_deals)";
        var before = c.ExecuteScalar<long>(Tables);
        // an_build_from_scopes runs on a connection of its own while the pairs are aggregated; it calls this one.
        c.Execute("DROP PROCEDURE an_build_account");
        var e = Assert.ThrowsExactly<MySqlException>(() => Aggregate(new DynamicFilter("Tier 1", """{"field": "account.tier", "op": "eq", "value": "Tier 1"}""")));
        StringAssert.Contains(e.Message, "an_build_account");
        Assert.AreEqual(before, c.ExecuteScalar<long>(Tables), "the previous analytics are still in place");
        Assert.AreEqual(0L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM an_campaign WHERE filter_name = 'Tier 1'"), "nothing of the failed run was swapped in");
    }
}
