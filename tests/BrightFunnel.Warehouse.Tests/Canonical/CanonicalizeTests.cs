using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Ingest;
using Dapper;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Tests.Canonical;

/// <summary>raw → canonical on a small hand-written tenant whose every expected row is known.</summary>
[TestClass]
[TestCategory("integration")]
public sealed class CanonicalizeTests
{
    TestTenant tenant = null!;
    string folder = "";

    [TestInitialize]
    public void Setup()
    {
        tenant = new TestTenant();
        folder = Directory.CreateTempSubdirectory("bfw-exports-").FullName;
        SampleExports.Write(folder);
        new ExportIngestor(tenant.ConnectionString, new TenantConfig()).IngestFolder(folder);
    }

    [TestCleanup]
    public void Cleanup()
    {
        tenant.Dispose();
        Directory.Delete(folder, true);
    }

    IReadOnlyDictionary<string, long> Canonicalize(TenantConfig config)
    {
        using (var c = tenant.Open())
            TenantSettingsWriter.Write(c, new TenantConfigVersion(1, config, DateTime.UtcNow, "test"));
        return CanonicalizeStep.Build(tenant.ConnectionString);
    }

    [TestMethod]
    public void BuildsEveryCanonicalTableFromRaw()
    {
        var rows = Canonicalize(new TenantConfig());
        Assert.AreEqual(1, rows["cn_accounts"]);
        Assert.AreEqual(2, rows["cn_campaigns"]);
        Assert.AreEqual(3, rows["cn_people"], "two contacts and the orphan lead; the converted lead is Ann");
        Assert.AreEqual(2, rows["cn_touches"]);
        Assert.AreEqual(2, rows["cn_opportunities"]);
        Assert.AreEqual(1, rows["cn_opportunity_people"]);

        using var c = tenant.Open();
        Assert.AreEqual("Tier 1", c.ExecuteScalar<string>("SELECT tier FROM cn_accounts"));
        Assert.AreEqual("003000000000001AAA", c.ExecuteScalar<string>("SELECT person_id FROM cn_person_records WHERE record_id = '00Q000000000001EAA'"));
        Assert.AreEqual(new DateTime(2020, 1, 15), c.ExecuteScalar<DateTime>("SELECT created_date FROM cn_people WHERE person_id = '003000000000001AAA'"),
            "a converted lead's own created date counts");
        var touches = c.Query<(string touch, string campaign, string person, DateTime date)>(
            "SELECT touch_id, campaign_id, person_id, touch_date FROM cn_touches ORDER BY touch_id").ToList();
        CollectionAssert.AreEqual(new[]
        {
            ("00v000000000001AAA", "701000000000001AAA", "003000000000001AAA", new DateTime(2020, 2, 10)),
            ("00v000000000003AAA", "701000000000002AAA", "003000000000002AAA", new DateTime(2020, 5, 1)),
        }, touches);
        Assert.AreEqual("Unknown", c.ExecuteScalar<string>("SELECT channel FROM cn_campaigns WHERE campaign_id = '701000000000002AAA'"));
        var opp = c.QuerySingle("SELECT amount, is_won, is_closed, fiscal_year, fiscal_quarter FROM cn_opportunities WHERE opportunity_id = '006000000000001AAA'");
        Assert.AreEqual(100m, (decimal)opp.amount);
        Assert.AreEqual(2020, (int)opp.fiscal_year);
        Assert.AreEqual(4, (int)(sbyte)opp.fiscal_quarter);

        var again = Canonicalize(new TenantConfig());
        CollectionAssert.AreEquivalent(rows.ToList(), again.ToList(), "re-running gives the same result");
    }

    [TestMethod]
    public void RebuiltTablesKeepTheIndexesTheMigrationsGaveThem()
    {
        // The shadow tables are filled without their secondary indexes and get them after (cn_defer_indexes, cn_index_like).
        const string Indexes = """
            SELECT CONCAT(table_name, '.', index_name, ' ', non_unique, ' ', seq_in_index, ' ', column_name, ' ', COALESCE(sub_part, '-'))
            FROM information_schema.STATISTICS WHERE table_schema = DATABASE() AND table_name IN ('cn_touches', 'cn_people', 'cn_person_records')
            ORDER BY 1
            """;
        List<string> Read() { using var c = tenant.Open(); return c.Query<string>(Indexes).ToList(); }
        var migrated = Read();
        CollectionAssert.Contains(migrated, "cn_touches.ix_cn_touches_person 1 2 touch_date -");
        Canonicalize(new TenantConfig());
        CollectionAssert.AreEqual(migrated, Read());
    }

    [TestMethod]
    public void FollowsTheTenantsMapping()
    {
        Canonicalize(new TenantConfig
        {
            RevenueField = "ARR__c", ChannelField = "Channel__c", FiscalYearStartMonth = 2, TimeZone = "America/Los_Angeles",
            RespondedStatuses = ["Registered", "Attended"], ClosedWonStages = ["Negotiation"], ClosedLostStages = ["Closed Lost"],
        });
        using var c = tenant.Open();
        var amounts = c.Query<(string id, decimal amount, bool won, int fy, int fq)>(
            "SELECT opportunity_id, amount, is_won, fiscal_year, fiscal_quarter FROM cn_opportunities ORDER BY opportunity_id").ToList();
        Assert.AreEqual((1200m, false), (amounts[0].amount, amounts[0].won), "custom revenue field; stage mapping says Closed Won is not won here");
        Assert.AreEqual((0m, true), (amounts[1].amount, amounts[1].won), "an empty revenue field is 0");
        Assert.AreEqual((2021, 4), (amounts[0].fy, amounts[0].fq), "Nov 2020 with a February start: FY2021 Q4");
        Assert.AreEqual((2022, 1), (amounts[1].fy, amounts[1].fq), "Feb 1 2021 opens FY2022");
        Assert.AreEqual("Events", c.ExecuteScalar<string>("SELECT channel FROM cn_campaigns WHERE campaign_id = '701000000000001AAA'"));
        // Bob's "Registered" membership now counts; his created date 02:00 UTC is the previous day in Los Angeles.
        Assert.AreEqual(new DateTime(2020, 2, 29), c.ExecuteScalar<DateTime>("SELECT created_date FROM cn_people WHERE person_id = '003000000000002AAA'"));
        Assert.AreEqual(2L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM cn_touches"), "Ann attended; Bob registered; Bob's 'Clicked' ad does not count");
        Assert.AreEqual(new DateTime(2020, 5, 1), c.ExecuteScalar<DateTime>("SELECT touch_date FROM cn_touches WHERE person_id = '003000000000002AAA'"),
            "a membership without FirstRespondedDate is dated by its creation in the tenant's zone");
    }
}
