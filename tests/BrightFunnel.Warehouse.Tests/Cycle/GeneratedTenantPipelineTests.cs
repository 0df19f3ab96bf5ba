using BrightFunnel.Warehouse.Generation;
using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Filters;
using BrightFunnel.Warehouse.Orchestrator.Ingest;
using BrightFunnel.Warehouse.Orchestrator.Matching;
using BrightFunnel.Warehouse.Testing;
using BrightFunnel.Warehouse.Tests.Impala;
using Dapper;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Engines.MySql;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Tests.Cycle;

/// <summary>
/// A generated size-S tenant through ingest, canonicalize, match and attribute, checked against
/// what the generator wrote, and the two attribution engines checked against each other.
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class GeneratedTenantPipelineTests
{
    static TestTenant tenant = null!;
    static string folder = "";
    static GenerationReport generated = null!;
    static IReadOnlyList<IngestFileResult> ingested = [];

    [ClassInitialize]
    public static void Setup(TestContext _)
    {
        tenant = new TestTenant();
        folder = Directory.CreateTempSubdirectory("bfw-generated-").FullName;
        generated = TenantDataGenerator.Generate(new GenerationOptions(GeneratorSize.S, 11, folder));
        ingested = new ExportIngestor(tenant.ConnectionString, new TenantConfig { RevenueField = "ARR__c" }).IngestFolder(folder).Files;
        using (var c = tenant.Open())
            TenantSettingsWriter.Write(c, new TenantConfigVersion(1, new TenantConfig { RevenueField = "ARR__c" }, DateTime.UtcNow, "test"));
        CanonicalizeStep.Build(tenant.ConnectionString);
        MatchStep.Match(tenant.ConnectionString);
    }

    [ClassCleanup]
    public static void Cleanup()
    {
        tenant.Dispose();
        Directory.Delete(folder, true);
    }

    long Count(string sql)
    {
        using var c = tenant.Open();
        return c.ExecuteScalar<long>(sql);
    }

    [TestMethod]
    public void EveryGeneratedRowIsIngested()
    {
        foreach (var file in generated.Files.Where(f => f.FileName != ExportFiles.OrphanLeadTruth))
        {
            var result = ingested.Single(r => r.File == file.FileName);
            Assert.AreEqual((file.Rows, file.Rows, 0L), (result.Read, result.Loaded, result.Rejected), file.FileName);
        }
    }

    [TestMethod]
    public void CanonicalCountsFollowFromTheRawData()
    {
        Assert.AreEqual(Count("SELECT COUNT(*) FROM raw_account"), Count("SELECT COUNT(*) FROM cn_accounts"));
        Assert.AreEqual(Count("SELECT COUNT(*) FROM raw_campaign"), Count("SELECT COUNT(*) FROM cn_campaigns"));
        Assert.AreEqual(
            Count("SELECT COUNT(*) FROM raw_contact") + Count("SELECT COUNT(*) FROM raw_lead l WHERE NOT (l.IsConverted = 1 AND l.ConvertedContactId IN (SELECT Id FROM raw_contact))"),
            Count("SELECT COUNT(*) FROM cn_people"), "a converted lead is its contact; every other lead is a person");
        Assert.AreEqual(Count("SELECT COUNT(*) FROM raw_contact") + Count("SELECT COUNT(*) FROM raw_lead"), Count("SELECT COUNT(*) FROM cn_person_records"));
        Assert.AreEqual(Count("SELECT COUNT(*) FROM raw_opportunity WHERE CreatedDate IS NOT NULL"), Count("SELECT COUNT(*) FROM cn_opportunities"));
        Assert.AreEqual(
            Count("""
                SELECT COUNT(DISTINCT m.CampaignId, r.person_id) FROM raw_campaign_member m
                JOIN cn_person_records r ON r.record_id = COALESCE(m.ContactId, m.LeadId)
                WHERE m.HasResponded = 1 AND m.CampaignId IN (SELECT Id FROM raw_campaign)
                """),
            Count("SELECT COUNT(*) FROM cn_touches"), "one touch per responded (campaign, person)");
        Assert.AreEqual(0L, Count("SELECT COUNT(*) FROM cn_opportunities o JOIN raw_opportunity r ON r.Id = o.opportunity_id WHERE o.amount <> COALESCE(CAST(JSON_UNQUOTE(JSON_EXTRACT(r.extra, '$.ARR__c')) AS DECIMAL(18,2)), 0)"),
            "amounts come from the configured custom revenue field");
        Assert.IsGreaterThan(0L, Count("SELECT COUNT(*) FROM cn_opportunities WHERE amount <> (SELECT Amount FROM raw_opportunity r WHERE r.Id = opportunity_id)"),
            "ARR__c differs from Amount, so the mapping is really exercised");
    }

    [TestMethod]
    public void TheMatcherMeetsItsQualityBarOnTheGroundTruth()
    {
        var truth = ExportFiles.ReadOrphanLeadTruth(folder);
        var matches = MatchStep.ReadMatches(tenant.ConnectionString);
        Assert.IsTrue(matches.All(m => truth.ContainsKey(m.LeadId)), "only orphan leads are matched");
        var medium = MatchQuality.Evaluate(matches, truth).At(MatchConfidence.Medium);
        Assert.IsGreaterThanOrEqualTo(0.98, medium.Precision, $"precision {medium}");
        Assert.IsGreaterThanOrEqualTo(0.90, medium.Recall, $"recall {medium}");
    }

    static readonly DynamicFilter[] Filters =
    [
        new("Tier 1", """{"field": "account.tier", "op": "eq", "value": "Tier 1"}"""),
        new("nothing", """{"field": "opportunity.amount", "op": "lt", "value": -1}"""),
    ];

    [TestMethod]
    public async Task TheImpalaOffloadAndTheStoredProceduresAgreeOnEveryPairAndEveryAnalyticsRow()
    {
        using var c = tenant.Open();
        var dates = RelativeDates.ForTenant(DateTime.UtcNow, "UTC", 1);
        new MySqlAttributionEngine(tenant.ConnectionString).Attribute();
        AggregateStep.Aggregate(tenant.ConnectionString, Filters, dates, new MySqlAnalyticsWork());
        Assert.IsGreaterThan(10_000L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM at_credits"), "a generated tenant has many credits");
        EngineComparison.SnapshotAnalytics(c, "mysql");
        EngineComparison.Snapshot(c, "mysql");
        await using var engine = TestEngine.Start();
        var settings = engine.OffloadSettings(fetchSize: 4_096);
        var impala = new ImpalaAttributionEngine(tenant.Id, 1, tenant.ConnectionString, settings, tenant.Settings.SqlRoot);
        impala.Offload();
        Assert.AreEqual("impala", c.ExecuteScalar<string>("SELECT engine FROM at_build_info"));
        Assert.AreEqual(0L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM at_paths"), "the pairs stay on the cluster");
        AggregateStep.Aggregate(tenant.ConnectionString, Filters, dates, impala.AnalyticsWork());
        var analytics = EngineComparison.AnalyticsDifferences(c, "mysql");
        await EngineComparison.FetchFromClusterAsync(c, settings, tenant.Id, "impala");
        var pairs = EngineComparison.Differences(c, "mysql", "impala");
        EngineComparison.Drop(c, "mysql");
        EngineComparison.Drop(c, "impala");
        Assert.IsEmpty(pairs, string.Join("\n", pairs));
        Assert.IsEmpty(analytics, string.Join("\n", analytics));
    }
}
