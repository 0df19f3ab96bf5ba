using BrightFunnel.Warehouse.Console;
using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Filters;
using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Tests.Cycle;

/// <summary>The whole cycle of one tenant, run inline against the real MariaDB, with its history.</summary>
[TestClass]
[TestCategory("integration")]
public sealed class DataCycleTests
{
    SampleTenantCycle cycle = null!;
    TestTenant tenant = null!;
    RunStore history = null!;

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
        CollectionAssert.AreEqual(CycleSteps.All.ToArray(), steps.Select(s => s.Step).ToArray());
        // engine mysql: the web step says it needs the cluster and skips; every other step runs
        Assert.IsTrue(steps.All(s => s.Status == (s.Step == CycleSteps.Web ? StepStatus.Skipped : StepStatus.Succeeded)),
            string.Join("; ", steps.Select(s => $"{s.Step} {s.Status} {s.Error}")));
        StringAssert.Contains(steps.Single(s => s.Step == CycleSteps.Web).Detail, "needs the cluster");
        Assert.AreEqual(16L, steps.Single(s => s.Step == CycleSteps.Ingest).RowCount, "every sample row loaded");
        StringAssert.Contains(steps.Single(s => s.Step == CycleSteps.Match).Detail, "1 of 1 orphan leads matched");
        StringAssert.Contains(steps.Single(s => s.Step == CycleSteps.Match).Detail, "read and matched beside canonicalize");

        var run = history.Get(outcome.RunId);
        Assert.AreEqual(("test-node", RunStatus.Succeeded), (run.Node, run.Status));
        Assert.IsTrue(history.Logs(outcome.RunId).Any(l => l.Step == CycleSteps.Attribute), "each run keeps its own log lines");

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

        var rerun = Run(from: CycleSteps.Attribute);
        Assert.IsTrue(rerun.Succeeded, rerun.Error);
        CollectionAssert.AreEqual(new[] { CycleSteps.Attribute, CycleSteps.Aggregate, CycleSteps.Engage, CycleSteps.Publish },
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
        var failed = Run(from: CycleSteps.Canonicalize);
        Assert.AreEqual(RunStatus.Failed, failed.Status);
        Assert.IsFalse(failed.Transient, "an SQL error is permanent");
        var steps = history.Steps(failed.RunId);
        Assert.AreEqual(StepStatus.Failed, steps.Single(s => s.Step == CycleSteps.Attribute).Status);
        StringAssert.Contains(steps.Single(s => s.Step == CycleSteps.Attribute).Error, "at_build_credits");
        Assert.IsFalse(steps.Any(s => s.Step is CycleSteps.Aggregate or CycleSteps.Publish), "nothing runs after a failed step");
        Assert.AreEqual(published, web.ExecuteScalar<long>("SELECT version FROM web_publications WHERE tenant_id = @t", new { t = tenant.Id.Value }));
    }

    [TestMethod]
    public void ACanonicalizeThatFailsAfterTheMatchingStartedLeavesTheMatchesAsTheyWere()
    {
        Assert.IsTrue(Run().Succeeded);
        using (var c = tenant.Open())
        {
            c.Execute("UPDATE cn_lead_account_matches SET explanation = 'from the run before'");
            // The touches are built after the people and accounts the matcher reads: it has started when this fails.
            c.Execute("DROP PROCEDURE cn_build_touches");
        }

        var failed = Run(from: CycleSteps.Canonicalize);

        Assert.AreEqual(RunStatus.Failed, failed.Status);
        var steps = history.Steps(failed.RunId);
        StringAssert.Contains(steps.Single(s => s.Step == CycleSteps.Canonicalize).Error, "cn_build_touches");
        Assert.IsFalse(steps.Any(s => s.Step == CycleSteps.Match), "nothing runs after a failed step");
        Assert.IsTrue(history.Logs(failed.RunId).Any(l => l.Message.StartsWith("match: the matching starts beside canonicalize", StringComparison.Ordinal)),
            "the matching had started with canonicalize");
        using var t = tenant.Open();
        Assert.AreEqual("from the run before", t.ExecuteScalar<string>("SELECT GROUP_CONCAT(DISTINCT explanation) FROM cn_lead_account_matches"),
            "what the matching found was never written");
        Assert.AreEqual(0L, t.ExecuteScalar<long>("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'cn\\_lead\\_account\\_matches\\_%'"),
            "no shadow of the matches was made");
    }

    [TestMethod]
    public void ACancelledRunStopsAndSaysSo()
    {
        var runId = history.Queue(tenant.Id, "console", null, null, null);
        history.RequestCancel(runId);
        var outcome = new DataCycle(tenant.Settings, "test-node").Execute(runId);
        Assert.AreEqual(RunStatus.Cancelled, outcome.Status);
        Assert.AreEqual(RunStatus.Cancelled, history.Get(runId).Status);
    }

    [TestMethod]
    public void ASecondRunOfTheSameTenantIsSkippedWhileOneHoldsTheLock()
    {
        using var held = TenantCycleLock.TryAcquire(tenant.Settings.Control.ConnectionString, tenant.Id, new RunStore(tenant.Settings.Control.ConnectionString, tenant.Settings.Scheduler));
        Assert.IsNotNull(held);
        var outcome = Run();
        Assert.AreEqual(RunStatus.Skipped, outcome.Status);
        Assert.IsEmpty(history.Steps(outcome.RunId));
    }

    [TestMethod]
    public void ARunOnASchemaBehindTheCodeFailsBeforeWritingAndNamesTheMigrationToApply()
    {
        Assert.IsTrue(Run().Succeeded);
        var published = PublishedVersion();
        // As after a deploy without migrate apply: the tenant database lacks the newest migration of the code.
        var newest = Directory.GetFiles(Path.Combine(tenant.Settings.SqlRoot, "tenant"), "*.sql").Select(Path.GetFileName).Max(StringComparer.Ordinal)!;
        using (var c = tenant.Open())
            Assert.AreEqual(1, c.Execute("DELETE FROM schema_journal WHERE script_name = @newest", new { newest }));

        var outcome = Run();
        Assert.AreEqual(RunStatus.Failed, outcome.Status);
        StringAssert.Contains(outcome.Error, $"{tenant.Id.DatabaseName} lacks 1 migration(s) of this code ({newest})");
        StringAssert.Contains(outcome.Error, "run bfw migrate apply --db all");
        Assert.IsEmpty(history.Steps(outcome.RunId).ToList(), "no step started");
        Assert.AreEqual(published, PublishedVersion(), "nothing published");

        var (code, output, _) = Bfw("runs", "show", outcome.RunId.ToString());
        Assert.AreEqual(0, code);
        StringAssert.Contains(output, "no step ran");
    }

    long PublishedVersion()
    {
        using var web = Web();
        return web.ExecuteScalar<long>("SELECT version FROM web_publications WHERE tenant_id = @t", new { t = tenant.Id.Value });
    }

    (int code, string output, string error) Bfw(params string[] argv)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = new BfwConsole(tenant.Settings, output, error).Run(argv);
        return (code, output.ToString(), error.ToString());
    }

    [TestMethod]
    public void AFailedSetupCheckStopsTheRunAsFailedWithItsMessageAndPublishesNothing()
    {
        Assert.IsTrue(Run().Succeeded);
        var published = PublishedVersion();
        // Saved past the console's own check (as --force would): the cycle must still refuse it.
        new TenantConfigStore(tenant.Settings.Control.ConnectionString).Save(tenant.Id, new TenantConfig { ClosedWonStages = ["Closed Wonn"] });

        var failed = Run();

        Assert.AreEqual(RunStatus.Failed, failed.Status);
        Assert.IsFalse(failed.Transient, "a configuration mistake is not worth a retry");
        StringAssert.Contains(failed.Error, "setup check FAILED");
        StringAssert.Contains(failed.Error, "no opportunity has stage 'Closed Wonn'");
        StringAssert.Contains(history.Get(failed.RunId).Error, "Closed Wonn");
        var steps = history.Steps(failed.RunId);
        CollectionAssert.AreEqual(new[] { CycleSteps.Ingest, CycleSteps.Check }, steps.Select(s => s.Step).ToArray(), "nothing is built after a failed check");
        Assert.AreEqual(StepStatus.Failed, steps.Single(s => s.Step == CycleSteps.Check).Status);
        Assert.AreEqual(published, PublishedVersion(), "the last good analytics stay published");

        var fromCanonicalize = Run(from: CycleSteps.Canonicalize);
        Assert.AreEqual(RunStatus.Failed, fromCanonicalize.Status, "--from canonicalize runs the check first");
    }

    [TestMethod]
    public void ARunAfterBfwIngestIsFedAlthoughItsExportsFolderIsEmpty()
    {
        Assert.IsTrue(Run().Succeeded);
        var exports = Path.Combine(tenant.Settings.ExportsRoot, tenant.Id.Value);
        var elsewhere = Directory.CreateTempSubdirectory("bfw-ingest-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(exports)) File.Move(file, Path.Combine(elsewhere, Path.GetFileName(file)));
            var ingest = Bfw("ingest", tenant.Id.Value, elsewhere);
            Assert.AreEqual(0, ingest.code, ingest.error);

            var fed = Bfw("run", tenant.Id.Value, "--inline");
            Assert.AreEqual(0, fed.code, fed.output + fed.error);
            var run = history.Recent(tenant.Id, 1).Single();
            Assert.AreEqual(RunStatus.Succeeded, run.Status, "the data bfw ingest loaded was built and published: the tenant is fed");
            var step = history.Steps(run.RunId).Single(s => s.Step == CycleSteps.Ingest);
            Assert.AreEqual(StepStatus.Succeeded, step.Status);
            StringAssert.Contains(step.Detail, "were loaded by bfw ingest since the last completed run built");

            Bfw("run", tenant.Id.Value, "--inline");
            Assert.AreEqual(RunStatus.NoExports, history.Recent(tenant.Id, 1).Single().Status, "nothing loaded since: no exports again");
        }
        finally { Directory.Delete(elsewhere, true); }
    }

    [TestMethod]
    public void ARunWhoseIngestFindsNoExportsIsRecordedAsNoExportsAndTheRestRunsOnTheDataLoaded()
    {
        Assert.IsTrue(Run().Succeeded);
        foreach (var file in Directory.GetFiles(Path.Combine(tenant.Settings.ExportsRoot, tenant.Id.Value))) File.Delete(file);

        var inline = Bfw("run", tenant.Id.Value, "--inline");

        Assert.AreEqual(0, inline.code, "no exports is not a failure: " + inline.output + inline.error);
        StringAssert.Contains(inline.output, ": no_exports (");
        var run = history.Recent(tenant.Id, 1).Single();
        Assert.AreEqual(RunStatus.NoExports, run.Status);
        Assert.IsTrue(run.Ended && run.Completed && !run.Succeeded);
        var steps = history.Steps(run.RunId);
        Assert.AreEqual(StepStatus.Skipped, steps.Single(s => s.Step == CycleSteps.Ingest).Status);
        Assert.IsTrue(steps.Where(s => s.Step is not CycleSteps.Ingest and not CycleSteps.Web).All(s => s.Status == StepStatus.Succeeded),
            string.Join("; ", steps.Select(s => $"{s.Step} {s.Status} {s.Error}")));
        using (var web = Web())
            Assert.AreEqual(300.0, web.ExecuteScalar<double>(
                "SELECT SUM(attributed_amount) FROM web_campaign_current WHERE tenant_id = @t AND filter_name = 'all' AND stage = 'pipeline' AND model = 'linear' AND campaign_id <> ''",
                new { t = tenant.Id.Value }), "the data already loaded is still attributed and published");
        var runs = Bfw("runs", "--tenant", tenant.Id.Value);
        StringAssert.Contains(runs.output, "no_exports");
    }

    [TestMethod]
    public void AFilterThatMatchesNothingGetsAZeroRowForEveryCampaignChannelAndTheUnattributed()
    {
        new FilterStore(tenant.Settings.Control.ConnectionString).Add(tenant.Id, "Tier 9",
            """{"field": "account.tier", "op": "eq", "value": "Tier 9"}""", RelativeDates.ForTenant(DateTime.UtcNow, "UTC", 1));
        var outcome = Run();
        Assert.IsTrue(outcome.Succeeded, outcome.Error);

        AssertZeroRows(tenant);
        var report = Bfw("report", tenant.Id.Value, "--filter", "Tier 9");
        Assert.AreEqual(0, report.code, report.error);
        StringAssert.Contains(report.output, "filter 'Tier 9' matched no opportunity");
        StringAssert.Contains(report.output, "Webinar");
        StringAssert.Contains(report.output, "attributed 0; unattributed 0 on 0 opportunities");
        var unknown = Bfw("report", tenant.Id.Value, "--filter", "Tier 8");
        Assert.AreEqual(2, unknown.code);
        StringAssert.Contains(unknown.error, "add it with bfw filter add");
        var undefined = Bfw("report", tenant.Id.Value, "--model", "last_click");
        Assert.AreEqual(2, undefined.code);
        StringAssert.Contains(undefined.error, "--model: unknown model 'last_click' (defined in at_models: first_touch,");
        tenant.AddPositionModel("last_click", 0.1, 0.1, 0.8);
        var unused = Bfw("report", tenant.Id.Value, "--model", "last_click");
        Assert.AreEqual(2, unused.code, "a defined model the cycle did not use has no analytics, rather than zeros");
        StringAssert.Contains(unused.error, "no analytics for model 'last_click': the tenant's last cycle did not use it");
        Assert.DoesNotContain("matched no opportunity", Bfw("report", tenant.Id.Value).output, "the 'all' scope matched both opportunities");
        var quarters = Bfw("report", tenant.Id.Value, "--by", "quarter");
        Assert.AreEqual(0, quarters.code, quarters.error);
        Assert.MatchesRegex(@"the latest 10 fiscal quarters \(FY\d{4} Q\d to FY\d{4} Q\d, newest first\), pipeline, Linear model \(linear\)", quarters.output);
        var typo = Bfw("report", tenant.Id.Value, "--by", "quartr", "--stage", "pipeline");
        Assert.AreEqual(2, typo.code);
        StringAssert.Contains(typo.error, "got 'quartr' (did you mean 'quarter'?)");
    }

    /// <summary>The sample's two campaigns, its channels and the unattributed row, for both stages and every model, all zero.</summary>
    internal static void AssertZeroRows(TestTenant tenant, string filter = "Tier 9")
    {
        using var c = tenant.Open();
        var models = TenantConfig.DefaultModels.Length;
        var campaign = c.QuerySingle<(long rows, double attributed, double influenced, long unattributed)>("""
            SELECT COUNT(*), SUM(attributed_amount + attributed_opportunities), SUM(influenced_amount + influenced_opportunities + touches),
                   SUM(campaign_id = '')
            FROM an_campaign WHERE filter_name = @filter
            """, new { filter });
        Assert.AreEqual((3L * 2 * models, 0.0, 0.0, 2L * models), campaign, "two campaigns and the unattributed row per stage and model, all zero");
        var channelsAll = c.ExecuteScalar<long>("SELECT COUNT(*) FROM an_channel WHERE filter_name = 'all'");
        var channel = c.QuerySingle<(long rows, double attributed)>(
            "SELECT COUNT(*), SUM(attributed_amount + attributed_opportunities + influenced_amount + influenced_opportunities + touches) FROM an_channel WHERE filter_name = @filter",
            new { filter });
        Assert.AreEqual((channelsAll, 0.0), channel, "every channel 'all' has, with zeros");
    }
}
