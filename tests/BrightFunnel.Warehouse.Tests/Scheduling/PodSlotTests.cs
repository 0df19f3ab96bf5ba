using BrightFunnel.Warehouse.Orchestrator;
using Dapper;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Tests.Scheduling;

/// <summary>A run queued behind its pod's limit takes the slot as soon as it is freed, however long it waited.</summary>
[TestClass]
[TestCategory("integration")]
public sealed class PodSlotTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task ARunQueuedBehindAFullPodStartsWithinSecondsOfTheSlotBeingFreed()
    {
        await using var world = new SchedulingWorld(tenants: 2);
        new TenantDirectory(world.Settings).AddPod("pod", TestServer.ConnectionString, 1, replace: true);
        // The second run waits well past the misfire threshold: that is what used to make it a misfire that no
        // node acquired until the misfire handler's next pass (once per threshold), with the slot idle meanwhile.
        world.Settings.Scheduler.MisfireThreshold = TimeSpan.FromSeconds(2);
        var first = world.Tenants[0];
        var second = world.Tenants[1];
        long firstRun, secondRun;
        await using (new TableLock(world.Main, "raw_account")) // the first run's canonicalize waits on it, holding the pod's one slot
        {
            firstRun = await world.Queue(first, only: CycleSteps.Canonicalize);
            secondRun = await world.Queue(second, only: CycleSteps.Canonicalize);
            world.StartNode("node-a");
            await world.Until(() => world.History.Steps(firstRun).FirstOrDefault(s => s.Step == CycleSteps.Canonicalize && s.Status == StepStatus.Running),
                "the first run to hold the slot");
            await Task.Delay(TimeSpan.FromSeconds(6)); // three thresholds
            Assert.AreEqual(RunStatus.Queued, world.History.Get(secondRun).Status, "the pod's limit of 1 holds the second run back");
        }

        var ends = new[] { await world.WaitForEnd(firstRun), await world.WaitForEnd(secondRun) };
        await world.StopNodes(); // flushes Quartz's history
        Assert.IsTrue(ends.All(r => r.Status == RunStatus.Succeeded), string.Join("; ", ends.Select(r => $"{r.RunId} {r.Status} {r.Error}")));

        using var c = world.Control();
        var times = c.Query<(long id, DateTime queued, DateTime started, DateTime ended)>(
            "SELECT run_id, queued_at, started_at, ended_at FROM runs WHERE run_id IN @ids ORDER BY run_id", new { ids = new[] { firstRun, secondRun } }).ToList();
        var (a, b) = (times[0], times[1]);
        var gap = b.started - a.ended;
        TestContext.WriteLine($"second run queued {(a.ended - b.queued).TotalSeconds:F1} s before the slot was freed, started {gap.TotalSeconds:F2} s after");
        Assert.IsGreaterThan(world.Settings.Scheduler.MisfireThreshold, a.ended - b.queued, "the second run waited past the misfire threshold");
        Assert.IsGreaterThanOrEqualTo(TimeSpan.Zero, gap, "the pod's limit of 1 held: the second run started after the first ended");
        Assert.IsLessThan(TimeSpan.FromSeconds(10), gap, "the freed slot was taken within seconds");
        // A queued run is waiting, not late: Quartz never handled it as a misfire.
        Assert.AreEqual(0L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM QRTZ_MISFIRE_HISTORY WHERE TRIGGER_GROUP = 'console'"));
    }
}
