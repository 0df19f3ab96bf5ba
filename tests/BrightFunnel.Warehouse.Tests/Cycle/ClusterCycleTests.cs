using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Filters;
using BrightFunnel.Warehouse.Testing;
using BrightFunnel.Warehouse.Tests.Impala;
using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Tests.Cycle;

/// <summary>
/// The cycle of a tenant whose pairs stay on the cluster (the local engine over TCP): the same
/// analytics as the stored procedures, an engine restart that keeps the attribution, an engine
/// killed in the middle of an offloaded step, and an attribution gone from the cluster.
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class ClusterCycleTests
{
    SampleTenantCycle cycle = null!;
    TestTenant tenant = null!;
    RunStore history = null!;
    TestEngine engine = null!;

    [TestInitialize]
    public void Setup()
    {
        cycle = new SampleTenantCycle();
        (tenant, history) = (cycle.Tenant, cycle.History);
        engine = TestEngine.Start();
        tenant.Settings.Impala = engine.OffloadSettings();
        new TenantConfigStore(tenant.Settings.Control.ConnectionString).Save(tenant.Id, new TenantConfig { Engine = "impala" });
        new FilterStore(tenant.Settings.Control.ConnectionString).Add(tenant.Id, "Tier 1",
            """{"field": "account.tier", "op": "eq", "value": "Tier 1"}""", RelativeDates.ForTenant(DateTime.UtcNow, "UTC", 1));
        new FilterStore(tenant.Settings.Control.ConnectionString).Add(tenant.Id, "Tier 9",
            """{"field": "account.tier", "op": "eq", "value": "Tier 9"}""", RelativeDates.ForTenant(DateTime.UtcNow, "UTC", 1));
    }

    [TestCleanup]
    public async Task Cleanup()
    {
        await engine.DisposeAsync();
        cycle.Dispose();
    }

    CycleOutcome Run(string? from = null, string? only = null, string? engine = null) => cycle.Run(from, only, engine);

    long PublishedVersion()
    {
        using var web = cycle.Web();
        return web.ExecuteScalar<long>("SELECT version FROM web_publications WHERE tenant_id = @t", new { t = tenant.Id.Value });
    }

    /// <summary>The analytics in place differ from those set aside as <paramref name="name"/> (empty: identical).</summary>
    IReadOnlyList<string> AnalyticsDifferFrom(string name)
    {
        using var c = tenant.Open();
        return EngineComparison.AnalyticsDifferences(c, name);
    }

    void SnapshotAnalytics(string name)
    {
        using var c = tenant.Open();
        EngineComparison.SnapshotAnalytics(c, name);
    }

    /// <summary>Nothing of a run is left: no shadow tables, empty work tables, no run databases, no staged files.</summary>
    async Task AssertNothingLeftBehindAsync()
    {
        using (var c = tenant.Open())
        {
            Assert.AreEqual(0L, c.ExecuteScalar<long>(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE '%\\_next'"), "shadow tables left in MySQL");
            foreach (var work in c.Query<string>("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE 'an\\_%\\_work'"))
                Assert.AreEqual(0L, c.ExecuteScalar<long>($"SELECT COUNT(*) FROM `{work}`"), $"{work} is emptied after composing");
        }
        var staged = Path.Combine(engine.Root, tenant.Id.Value);
        Assert.IsFalse(Directory.Exists(staged), "staged files or folders left behind");
        await using var session = await engine.OpenSessionAsync();
        var databases = (await session.QueryAsync("SHOW DATABASES")).Rows.Select(r => (string)r[0]!).ToList();
        Assert.IsFalse(databases.Any(d => d.StartsWith($"bfw_{tenant.Id.Value}_run", StringComparison.Ordinal)), $"run databases left: {string.Join(", ", databases)}");
        var tables = await new ClusterAttribution(tenant.Id).TablesAsync(session);
        Assert.AreEqual(2 * ClusterAttribution.Views.Length, tables.Count, $"the views and the current run's tables only: {string.Join(", ", tables)}");
    }

    [TestMethod]
    public async Task TheOffloadBuildsTheSameAnalyticsAsTheStoredProceduresAndThePairsNeverLandInMySql()
    {
        var onMySql = Run(engine: "mysql");
        Assert.IsTrue(onMySql.Succeeded, onMySql.Error);
        SnapshotAnalytics("mysql");

        var offloaded = Run(from: CycleSteps.Attribute, engine: "impala");
        Assert.IsTrue(offloaded.Succeeded, offloaded.Error);
        var steps = history.Steps(offloaded.RunId);
        StringAssert.StartsWith(steps.Single(s => s.Step == CycleSteps.Attribute).Detail, "engine impala: staged");
        StringAssert.Contains(steps.Single(s => s.Step == CycleSteps.Aggregate).Detail, $"pair-grain work on impala (bfw_{tenant.Id.Value}, run {offloaded.RunId})");
        var differences = AnalyticsDifferFrom("mysql");
        Assert.IsEmpty(differences, string.Join("\n", differences));
        DataCycleTests.AssertZeroRows(tenant, "Tier 9"); // a filter matching nothing: its zero rows, composed from the cluster's work
        using var c = tenant.Open();
        Assert.AreEqual((0L, 0L), (c.ExecuteScalar<long>("SELECT COUNT(*) FROM at_paths"), c.ExecuteScalar<long>("SELECT COUNT(*) FROM at_unattributed")));
        Assert.IsGreaterThan(0L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM an_account_attribution WHERE filter_name = 'Tier 1'"));
        await AssertNothingLeftBehindAsync();
    }

    [TestMethod]
    public async Task ARestartedEngineServesTheAggregateWithoutRecomputingTheAttribution()
    {
        Assert.IsTrue(Run().Succeeded);
        SnapshotAnalytics("before");
        DateTime built;
        using (var c = tenant.Open()) built = AttributionBuildInfo.Read(c)!.BuiltAt;

        await engine.RestartAsync();
        tenant.Settings.Impala = engine.OffloadSettings();
        var aggregate = Run(only: CycleSteps.Aggregate);
        Assert.IsTrue(aggregate.Succeeded, aggregate.Error);
        CollectionAssert.AreEqual(new[] { CycleSteps.Aggregate }, history.Steps(aggregate.RunId).Select(s => s.Step).ToArray());
        using (var c = tenant.Open()) Assert.AreEqual(built, AttributionBuildInfo.Read(c)!.BuiltAt, "the attribution was not rebuilt");
        Assert.IsEmpty(AnalyticsDifferFrom("before"));
        await AssertNothingLeftBehindAsync();
    }

    [TestMethod]
    [DataRow(CycleSteps.Attribute, "CREATE TABLE at_milestones", DisplayName = "during the offloaded attribute")]
    [DataRow(CycleSteps.Aggregate, "an_account_credit_work", DisplayName = "during the offloaded aggregate")]
    [DataRow(CycleSteps.Aggregate, "an_channel_influence_work", DisplayName = "while the aggregate copies its work tables back")]
    public async Task TheEngineKilledDuringAStepFailsItAsTransientAndChangesNothingReadersSee(string step, string marker)
    {
        Assert.IsTrue(Run().Succeeded);
        SnapshotAnalytics("before");
        var published = PublishedVersion();

        await using (var tripwire = new EngineTripwire(() => engine.Engine.Port, marker, engine.StopAsync))
        {
            tenant.Settings.Impala = engine.OffloadSettings();
            tenant.Settings.Impala.Port = tripwire.Port;
            var killed = Run(from: step);
            Assert.IsTrue(tripwire.Tripped, $"the run never sent {marker}");
            Assert.AreEqual(RunStatus.Failed, killed.Status);
            Assert.IsTrue(killed.Transient, $"a lost engine is worth a retry: {killed.Error}");
            Assert.AreEqual(StepStatus.Failed, history.Steps(killed.RunId).Single(s => s.Step == step).Status);
        }
        Assert.IsEmpty(AnalyticsDifferFrom("before"), "the analytics in place are unchanged");
        Assert.AreEqual(published, PublishedVersion(), "nothing new was published");

        engine.StartAgain();
        tenant.Settings.Impala = engine.OffloadSettings();
        var rerun = Run(from: step);
        Assert.IsTrue(rerun.Succeeded, rerun.Error);
        Assert.IsEmpty(AnalyticsDifferFrom("before"), "the rerun gives the same numbers");
        await AssertNothingLeftBehindAsync();
    }

    [TestMethod]
    public async Task AnAggregateWhoseAttributionIsGoneFromTheClusterFailsAndSaysToRerunFromAttribute()
    {
        Assert.IsTrue(Run().Succeeded);
        SnapshotAnalytics("before");
        await using (var session = await engine.OpenSessionAsync())
            await session.ExecuteNonQueryAsync($"DROP DATABASE bfw_{tenant.Id.Value} CASCADE");

        var failed = Run(only: CycleSteps.Aggregate);
        Assert.AreEqual(RunStatus.Failed, failed.Status);
        Assert.IsFalse(failed.Transient, "only a new attribution brings the pairs back");
        StringAssert.Contains(failed.Error, $"bfw run {tenant.Id.Value} --from attribute");
        Assert.IsEmpty(AnalyticsDifferFrom("before"));

        Assert.IsTrue(Run(from: CycleSteps.Attribute).Succeeded, "rerunning from attribute heals it");
        Assert.IsEmpty(AnalyticsDifferFrom("before"));
    }
}
