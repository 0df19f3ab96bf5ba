using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Filters;
using Dapper;
using MySql.Data.MySqlClient;
using static BrightFunnel.Warehouse.Tests.CanonicalRows;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Engines.MySql;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Tests.Analytics;

[TestClass]
[TestCategory("integration")]
public sealed class PublishTests
{
    TestTenant tenant = null!;

    [TestInitialize]
    public void Setup()
    {
        tenant = new TestTenant();
        using var c = tenant.Open();
        TenantSettingsWriter.Write(c, new TenantConfigVersion(1, new TenantConfig(), DateTime.UtcNow, "test"));
        Account(c, "A");
        Campaign(c, "1", "Webinar", 100m);
        Campaign(c, "2", "Ads", 10m);
        Person(c, "1", "A", "2019-01-01");
        Touch(c, "1", "1", "1", "2020-02-01");
        Touch(c, "2", "2", "1", "2020-02-03");
        Opportunity(c, "1", "A", 1000m, "2020-03-01", "2020-04-15", won: true);
        new MySqlAttributionEngine(tenant.ConnectionString).Attribute();
        AggregateStep.Aggregate(tenant.ConnectionString, [], new RelativeDates(new DateOnly(2020, 5, 1), 1));
    }

    [TestCleanup]
    public void Cleanup() => tenant.Dispose();

    long Publish() => PublishStep.Publish(tenant.ConnectionString, tenant.Settings.Web.ConnectionString, tenant.Id);

    MySqlConnection Web()
    {
        var c = new MySqlConnection(tenant.Settings.Web.ConnectionString);
        c.Open();
        return c;
    }

    (long rows, double total) Current(MySqlConnection web) =>
        web.QuerySingle<(long, double)>("SELECT COUNT(*), COALESCE(SUM(attributed_amount), 0) FROM web_campaign_current WHERE tenant_id = @t",
            new { t = tenant.Id.Value });

    [TestMethod]
    public void AReaderSeesTheOldOrTheNewAnalyticsNeverAMixOrNothing()
    {
        using var web = Web();
        // Another tenant's published rows must survive every publish of ours.
        web.Execute("INSERT INTO web_publications (tenant_id, version, run_id, published_at) VALUES ('othertenant', 7, NULL, UTC_TIMESTAMP(6))");
        web.Execute("INSERT INTO web_channel (tenant_id, version, filter_name, stage, model, channel, attributed_amount, attributed_opportunities, influenced_amount, influenced_opportunities, touches) VALUES ('othertenant', 7, 'all', 'pipeline', 'linear', 'Ads', 1, 1, 1, 1, 1)");

        Publish();
        var first = Current(web);
        using (var c = tenant.Open()) c.Execute("UPDATE an_campaign SET attributed_amount = attributed_amount * 2 + 1");
        var seen = new List<(long, double)>();
        var stop = false;
        var reader = new Thread(() =>
        {
            using var readerConnection = Web();
            while (!Volatile.Read(ref stop)) lock (seen) seen.Add(Current(readerConnection));
        });
        reader.Start();
        for (var i = 0; i < 6; i++) Publish();
        Volatile.Write(ref stop, true);
        reader.Join();
        var second = Current(web);

        Assert.AreNotEqual(first, second);
        Assert.IsGreaterThan(10, seen.Count, "the reader read while publishing");
        foreach (var s in seen) Assert.IsTrue(s == first || s == second, $"reader saw {s}, neither {first} nor {second}");
        Assert.AreEqual(1L, web.ExecuteScalar<long>("SELECT COUNT(*) FROM web_channel WHERE tenant_id = 'othertenant'"));
        Assert.AreEqual(1L, web.ExecuteScalar<long>("SELECT COUNT(DISTINCT version) FROM web_campaign WHERE tenant_id = @t", new { t = tenant.Id.Value }),
            "older versions are cleaned up");
    }

    [TestMethod]
    public void AFailedPublishLeavesTheOldAnalytics()
    {
        Publish();
        using var web = Web();
        var before = Current(web);
        using (var c = tenant.Open()) c.Execute("UPDATE an_campaign SET attributed_amount = 0");
        web.Execute("RENAME TABLE web_account TO web_account_away"); // a table of the publish cannot be written
        try
        {
            Assert.ThrowsExactly<MySqlException>(() => Publish());
        }
        finally
        {
            web.Execute("RENAME TABLE web_account_away TO web_account");
        }
        Assert.AreEqual(before, Current(web));
        Publish();
        Assert.AreEqual(0.0, Current(web).total, "a rerun publishes");
    }

    [TestMethod]
    public void TheNextRunsSweepRemovesTheVersionAPublishLeftBeforeItsSwitchAndKeepsThePublishedOne()
    {
        Publish();
        using var web = Web();
        var before = Current(web);
        var published = web.ExecuteScalar<long>("SELECT version FROM web_publications WHERE tenant_id = @t", new { t = tenant.Id.Value });
        web.Execute("RENAME TABLE web_account TO web_account_away"); // the publish dies before its switch
        try
        {
            Assert.ThrowsExactly<MySqlException>(() => Publish());
        }
        finally
        {
            web.Execute("RENAME TABLE web_account_away TO web_account");
        }
        long Rows(long version) => web.ExecuteScalar<long>("SELECT COUNT(*) FROM web_campaign WHERE tenant_id = @t AND version = @version",
            new { t = tenant.Id.Value, version });
        var dead = published + 1;
        Assert.IsGreaterThan(0L, Rows(dead), "the dead publish copied web_campaign before web_account failed");

        var sweeper = new BrightFunnel.Warehouse.Orchestrator.Runs.RunLeftovers(tenant.Settings);
        var listed = sweeper.Sweep(tenant.Id, dryRun: true).Leftovers.Where(l => l.Kind == "web version").ToList();
        CollectionAssert.Contains(listed.Select(l => l.What).ToList(), $"web_campaign version {dead} ({Rows(dead)} rows)");
        Assert.IsFalse(listed.Any(l => l.What.Contains($"version {published} ")), "the published version is no leftover");
        Assert.IsGreaterThan(0L, Rows(dead), "a dry run removes nothing");

        sweeper.Sweep(tenant.Id, dryRun: false);
        Assert.AreEqual(0L, Rows(dead));
        Assert.AreEqual(before, Current(web), "what readers see is unchanged");
        Assert.IsEmpty(sweeper.Sweep(tenant.Id, dryRun: true).Leftovers.Where(l => l.Kind == "web version").ToList());
    }

    [TestMethod]
    public void ATableOfManyLoadChunksArrivesWhole()
    {
        // 45,001 spike causes of a listed account (the engage step keeps theirs in an_target_account_spike_causes, which
        // publish copies): the publish streams a table in chunks of 20,000 rows, loaded while the next is read.
        using (var source = tenant.Open())
        {
            source.Execute("""
                INSERT INTO an_target_account_spike_causes (account_id, week_start, cause_kind, cause, points)
                SELECT 'A', DATE '2020-01-06' + INTERVAL (seq DIV 1000) WEEK, 'person', CONCAT('p', seq), seq / 4
                FROM seq_0_to_45000
                """);
            // A cause of an account in no list, which no page shows: kept among every account's, not published.
            source.Execute("INSERT INTO an_account_spike_causes (account_id, week_start, cause_kind, cause, points) VALUES ('B', DATE '2020-01-06', 'person', 'q', 1)");
        }
        var published = Publish();

        using var web = Web();
        var (rows, points, people) = web.QuerySingle<(long, double, long)>("""
            SELECT COUNT(*), SUM(w.points), COUNT(DISTINCT w.cause) FROM web_account_spike_causes w
            JOIN web_publications p ON p.tenant_id = w.tenant_id AND p.version = w.version
            WHERE w.tenant_id = @t
            """, new { t = tenant.Id.Value });
        Assert.AreEqual(45_001L, rows, "the listed account's causes, not the other's");
        Assert.AreEqual(45_001L, people);
        Assert.AreEqual(Enumerable.Range(0, 45_001).Sum(i => i / 4.0), points, 1e-6);
        Assert.IsTrue(published >= rows, $"the publish counted {published} rows");
    }

    [TestMethod]
    public void AccountAttributionIsPublishedForTheAccountsPage()
    {
        Publish();
        using var source = tenant.Open();
        var expected = source.Query<(string, string, string, string, double)>(
            "SELECT filter_name, stage, model, account_id, attributed_amount FROM an_account_attribution ORDER BY 1, 2, 3, 4").ToList();
        Assert.IsTrue(expected.Any(e => e.Item5 > 0), "the sample has attributed accounts");
        using var web = Web();
        var published = web.Query<(string, string, string, string, double)>("""
            SELECT w.filter_name, w.stage, w.model, w.account_id, w.attributed_amount FROM web_account_attribution w
            JOIN web_publications p ON p.tenant_id = w.tenant_id AND p.version = w.version
            WHERE w.tenant_id = @t ORDER BY 1, 2, 3, 4
            """, new { t = tenant.Id.Value }).ToList();
        CollectionAssert.AreEqual(expected, published);
    }
}
