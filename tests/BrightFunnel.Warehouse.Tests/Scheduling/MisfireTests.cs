using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Scheduling;
using Dapper;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Tests.Scheduling;

/// <summary>A schedule that came due while no node ran fires once when a node starts, not once per missed occurrence.</summary>
[TestClass]
[TestCategory("integration")]
public sealed class MisfireTests
{
    [TestMethod]
    public async Task ThreeMissedNightsFireOnceWhenANodeStarts()
    {
        await using var world = new SchedulingWorld();
        var tenant = new TenantDirectory(world.Settings).GetTenant(world.Main.Id);
        await using (var client = await world.Client(new PastClock(TimeSpan.FromDays(3))))
        {
            // Registered three days ago (02:00 daily, UTC), and no node has run since.
            Assert.IsTrue(await new TenantSchedules(world.Settings, client.Scheduler).Register(tenant));
            var stored = await client.Scheduler.GetTrigger(CycleKeys.Schedule(world.Main.Id));
            Assert.IsLessThan(DateTimeOffset.UtcNow.AddDays(-1), stored!.NextFireTimeUtc!.Value, "the trigger came due during the downtime");
        }

        world.StartNode("node-a");
        var run = await world.Until(() => world.History.LatestScheduled(world.Main.Id) is { Ended: true } r ? r : null, "the missed schedule to run");

        Assert.AreEqual(RunStatus.NoExports, run.Status, run.Error); // the world has no exports: the whole cycle ran on no new data
        await using (var client = await world.Client())
        {
            var trigger = await client.Scheduler.GetTrigger(CycleKeys.Schedule(world.Main.Id));
            Assert.IsGreaterThan(DateTimeOffset.UtcNow, trigger!.NextFireTimeUtc!.Value, "the trigger proceeded to its next occurrence: nothing is left to fire");
        }
        Assert.HasCount(1, world.History.Recent(world.Main.Id, 100), "one run for three missed occurrences");
        using var c = world.Control();
        Assert.AreEqual(1L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM QRTZ_MISFIRE_HISTORY WHERE TRIGGER_NAME = @t AND TRIGGER_GROUP = 'schedule'", new { t = world.Main.Id.Value }));
    }
}
