using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;

namespace BrightFunnel.Warehouse.Tests.Scheduling;

/// <summary>A cycle stopped from outside: by its node shutting down, or by its time budget.</summary>
[TestClass]
[TestCategory("integration")]
public sealed class ShutdownTests
{
    [TestMethod]
    public async Task AStoppingNodeStopsItsRunningCycleAndRecordsWhy()
    {
        await using var world = new SchedulingWorld();
        await using var blocker = new TableLock(world.Main, "raw_account"); // canonicalize waits on it until it is killed
        world.StartNode("node-a");
        var runId = await world.Queue(world.Main.Id, only: CycleSteps.Canonicalize);
        await world.Until(() => world.History.Steps(runId).FirstOrDefault(s => s.Step == CycleSteps.Canonicalize && s.Status == StepStatus.Running),
            "canonicalize to be running");

        var status = new BrightFunnel.Warehouse.Orchestrator.Scheduling.WarehouseStatus(world.Settings);
        Assert.IsTrue(status.Read().Nodes.Any(n => n.InstanceId == "node-a" && n.Alive), "the running node is listed");

        await world.StopNodes();

        Assert.IsFalse(status.Read().Nodes.Any(n => n.InstanceId == "node-a"), "a node that stopped cleanly is no longer listed");
        var run = world.History.Get(runId);
        Assert.AreEqual(RunStatus.Cancelled, run.Status, run.Error);
        StringAssert.Contains(run.Error, "node node-a shut down");
        Assert.AreEqual(StepStatus.Cancelled, world.History.Steps(runId).Single().Status, "the blocked statement was killed, not waited out");
        Assert.HasCount(1, world.History.Attempts(runId), "a shutdown is not a failure to retry");
    }

    [TestMethod]
    public async Task ACycleOverItsTimeBudgetIsInterruptedRecordedAsTimedOutAndRetried()
    {
        await using var world = new SchedulingWorld();
        world.Settings.Scheduler.CycleTimeout = TimeSpan.FromSeconds(2);
        world.Settings.Scheduler.RetryAttempts = 1;
        await using var blocker = new TableLock(world.Main, "raw_account"); // every attempt waits on it until interrupted
        world.StartNode("node-a");
        var runId = await world.Queue(world.Main.Id, only: CycleSteps.Canonicalize);

        var last = await world.WaitForEnd(runId);

        var attempts = world.History.Attempts(runId);
        Assert.HasCount(2, attempts, "the first attempt and its one retry");
        Assert.AreEqual(last.RunId, attempts[1].RunId);
        foreach (var attempt in attempts)
        {
            Assert.AreEqual(RunStatus.Failed, attempt.Status);
            StringAssert.Contains(attempt.Error, "timed out after 00:00:02");
            Assert.AreEqual(StepStatus.Cancelled, world.History.Steps(attempt.RunId).Single().Status, "the waiting statement was killed");
        }
    }
}
