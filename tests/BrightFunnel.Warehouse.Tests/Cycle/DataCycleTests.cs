using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Tests.Cycle;

/// <summary>The whole cycle of one tenant, run inline against the real MariaDB, with its history.</summary>
[TestClass]
public sealed class DataCycleTests
{
    SampleTenantCycle cycle = null!;
    TestTenant tenant = null!;
    RunHistory history = null!;

    [TestInitialize]
    public void Setup()
    {
        cycle = new SampleTenantCycle();
        (tenant, history) = (cycle.Tenant, cycle.History);
    }

    [TestCleanup]
    public void Cleanup() => cycle.Dispose();

    CycleOutcome Run(string? from = null, string? only = null, string? engine = null) => cycle.Run(from, only, engine);

    MySqlConnection Web() => cycle.Web();

    [TestMethod]
    public void AFullCycleRunsEveryStepAndPublishes()
    {
        var outcome = Run();
        Assert.IsTrue(outcome.Succeeded, outcome.Error);
        var steps = history.Steps(outcome.RunId);
        CollectionAssert.AreEqual(CycleStep.All.ToArray(), steps.Select(s => s.Step).ToArray());
        Assert.IsTrue(steps.All(s => s.Status == RunHistory.Succeeded), string.Join("; ", steps.Select(s => $"{s.Step} {s.Status} {s.Error}")));
        Assert.AreEqual(16L, steps.Single(s => s.Step == CycleStep.Ingest).RowCount, "every sample row loaded");
        StringAssert.Contains(steps.Single(s => s.Step == CycleStep.Match).Detail, "1 of 1 orphan leads matched");

        var run = history.Get(outcome.RunId);
        Assert.AreEqual(("test-node", RunHistory.Succeeded), (run.Node, run.Status));
        Assert.IsTrue(history.Logs(outcome.RunId).Any(l => l.Step == CycleStep.Attribute), "each run keeps its own log lines");

        using var web = Web();
        Assert.AreEqual(300.0, web.ExecuteScalar<double>(
            "SELECT SUM(attributed_amount) FROM web_campaign_current WHERE tenant_id = @t AND filter_name = 'all' AND stage = 'pipeline' AND model = 'linear' AND campaign_id <> ''",
            new { t = tenant.Id.Value }), "both opportunities (100 and 200) are attributed in the pipeline stage");
    }

    [TestMethod]
    public void RerunFromAStepSkipsEarlierStepsAndKeepsTheirResults()
    {
        Assert.IsTrue(Run().Succeeded);
        using (var c = tenant.Open()) c.Execute("DELETE FROM raw_account"); // would change canonical if canonicalize ran

        var rerun = Run(from: CycleStep.Attribute);
        Assert.IsTrue(rerun.Succeeded, rerun.Error);
        CollectionAssert.AreEqual(new[] { CycleStep.Attribute, CycleStep.Aggregate, CycleStep.Publish },
            history.Steps(rerun.RunId).Select(s => s.Step).ToArray());
        using var t = tenant.Open();
        Assert.AreEqual(1L, t.ExecuteScalar<long>("SELECT COUNT(*) FROM cn_accounts"), "canonical tables were not rebuilt");
    }

    [TestMethod]
    public void AFailedStepLeavesThePreviousAnalyticsPublished()
    {
        Assert.IsTrue(Run().Succeeded);
        using var web = Web();
        var published = web.ExecuteScalar<long>("SELECT version FROM web_publications WHERE tenant_id = @t", new { t = tenant.Id.Value });

        using (var c = tenant.Open()) c.Execute("DROP PROCEDURE at_build_credits");
        var failed = Run(from: CycleStep.Canonicalize);
        Assert.AreEqual(RunHistory.Failed, failed.Status);
        Assert.IsFalse(failed.Transient, "an SQL error is permanent");
        var steps = history.Steps(failed.RunId);
        Assert.AreEqual(RunHistory.Failed, steps.Single(s => s.Step == CycleStep.Attribute).Status);
        StringAssert.Contains(steps.Single(s => s.Step == CycleStep.Attribute).Error, "at_build_credits");
        Assert.IsFalse(steps.Any(s => s.Step is CycleStep.Aggregate or CycleStep.Publish), "nothing runs after a failed step");
        Assert.AreEqual(published, web.ExecuteScalar<long>("SELECT version FROM web_publications WHERE tenant_id = @t", new { t = tenant.Id.Value }));
    }

    [TestMethod]
    public void ACancelledRunStopsAndSaysSo()
    {
        var runId = history.Queue(tenant.Id, "console", null, null, null);
        history.RequestCancel(runId);
        var outcome = new DataCycle(tenant.Settings, "test-node").Execute(runId);
        Assert.AreEqual(RunHistory.Cancelled, outcome.Status);
        Assert.AreEqual(RunHistory.Cancelled, history.Get(runId).Status);
    }

    [TestMethod]
    public void ASecondRunOfTheSameTenantIsSkippedWhileOneHoldsTheLock()
    {
        using var held = TenantCycleLock.TryAcquire(tenant.Settings.Control.ConnectionString, tenant.Id);
        Assert.IsNotNull(held);
        var outcome = Run();
        Assert.AreEqual(RunHistory.Skipped, outcome.Status);
        Assert.IsEmpty(history.Steps(outcome.RunId));
    }
}
