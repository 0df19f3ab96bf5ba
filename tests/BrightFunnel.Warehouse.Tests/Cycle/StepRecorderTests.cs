using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Filters;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Tests.Cycle;

/// <summary>
/// A step's status is what the step returns, recorded as such in <c>run_steps</c>: a skip is a
/// skip whatever its detail says, and a detail that happens to begin with "skipped" is no skip.
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class StepRecorderTests
{
    TestTenant tenant = null!;
    RunStore history = null!;

    [TestInitialize]
    public void Setup()
    {
        tenant = new TestTenant();
        history = new RunStore(tenant.Settings.Control.ConnectionString);
    }

    [TestCleanup]
    public void Cleanup() => tenant.Dispose();

    sealed class FixedStep(StepResult result) : ICycleStep
    {
        public string Name => CycleSteps.Match;
        public StepResult Run(StepContext x, CancellationToken cancel) => result;
    }

    StepRecord Record(StepResult result)
    {
        var runId = history.Queue(tenant.Id, RunStore.ConsoleTrigger, null, CycleSteps.Match, null);
        var engines = new AttributionEngines(tenant.Settings, tenant.Id, runId, tenant.ConnectionString);
        var context = new StepContext(tenant.Settings, tenant.Id, runId, tenant.ConnectionString,
            new TenantConfigStore(tenant.Settings.Control.ConnectionString).Current(tenant.Id), new RelativeDates(new DateOnly(2026, 1, 1), 1),
            AllowEmpty: false, engines.Named(AttributionEngines.MySql), engines);
        history.Start(runId, "test-node");
        var token = new RunStore(tenant.Settings.Control.ConnectionString, tenant.Settings.Scheduler).Take(runId, "test-node", tenant.Id, lockConnection: 0);
        Assert.AreSame(result, new StepRecorder(history, tenant.Settings.Web.ConnectionString, token).Run(new FixedStep(result), context, CancellationToken.None));
        return history.Steps(runId).Single();
    }

    [TestMethod]
    public void ASkipIsRecordedSkippedWhateverItsDetail()
    {
        var step = Record(StepResult.Skip("nothing new: the exports folder is empty"));
        Assert.AreEqual((CycleSteps.Match, StepStatus.Skipped, 0L, "nothing new: the exports folder is empty", (string?)null),
            (step.Step, step.Status, step.RowCount, step.Detail, step.Error));
        Assert.IsNotNull(step.EndedAt);
    }

    [TestMethod]
    public void ADetailBeginningWithSkippedIsNoSkip()
    {
        var step = Record(StepResult.Done(3, "skipped 2 duplicate leads, matched 3"));
        Assert.AreEqual((StepStatus.Succeeded, 3L, "skipped 2 duplicate leads, matched 3"), (step.Status, step.RowCount, step.Detail));
    }
}
