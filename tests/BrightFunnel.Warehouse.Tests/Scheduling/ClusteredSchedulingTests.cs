using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Scheduling;
using Dapper;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Tests.Scheduling;

/// <summary>Two Quartz nodes on one control database share queued runs; every run executes exactly once.</summary>
[TestClass]
[TestCategory("integration")]
public sealed class ClusteredSchedulingTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task TwoNodesShareTenQueuedRunsOfFourTenantsAndRunEachExactlyOnce()
    {
        await using var world = new SchedulingWorld(tenants: 4);
        // Each node runs at most two cycles at once and the pod allows three: the pod's limit binds only when
        // it is counted across the cluster, and one node alone can never fill the pod, so the other one must
        // take work whenever the first is full and runs are waiting.
        world.Settings.Scheduler.MaxConcurrentCycles = 2;
        new TenantDirectory(world.Settings).AddPod("pod", TestServer.ConnectionString, 3, replace: true);
        // Queued before any node runs, so both nodes find work waiting: 3 + 3 + 2 + 2 runs.
        var queued = new List<long>();
        for (var i = 0; i < 10; i++) queued.Add(await world.Queue(world.Tenants[i % 4], only: CycleSteps.Canonicalize));
        world.StartNode("node-a");
        world.StartNode("node-b");

        var ends = new List<RunRecord>();
        foreach (var runId in queued) ends.Add(await world.WaitForEnd(runId));
        await world.StopNodes(); // flushes Quartz's execution history

        Assert.IsTrue(ends.All(r => r.Status == RunStatus.Succeeded), string.Join("; ", ends.Select(r => $"{r.RunId} {r.Status} {r.Error}")));
        CollectionAssert.AreEqual(queued, ends.Select(r => r.RunId).ToList(), "no run needed a retry");
        using var c = world.Control();
        var runs = c.Query<(long id, string tenant, string node, DateTime started, DateTime ended)>(
            "SELECT run_id, tenant_id, node, started_at, ended_at FROM runs ORDER BY run_id").ToList();
        CollectionAssert.AreEqual(queued, runs.Select(r => r.id).ToList(), "no run row besides the ten queued");

        // Exactly once, as each cycle logged its end; never twice, as Quartz recorded its firings. (Quartz
        // drops a history row when its insert meets a deadlock, and says so in a WARN: the firing itself
        // is unaffected, so a missing row is not a missing run; a full test run here saw it once.)
        var firings = c.Query<(string trigger, long count)>(
            "SELECT TRIGGER_NAME, COUNT(*) FROM QRTZ_EXECUTION_HISTORY WHERE TRIGGER_GROUP = 'console' GROUP BY TRIGGER_NAME").ToDictionary(f => f.trigger, f => f.count);
        foreach (var runId in queued)
        {
            Assert.IsLessThanOrEqualTo(1L, firings.GetValueOrDefault($"run-{runId}"), $"firings of run {runId}");
            Assert.AreEqual(1L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM run_logs WHERE run_id = @runId AND message LIKE '%succeeded'", new { runId }), $"cycles of run {runId}");
        }

        // A tenant's runs never overlap; the pod (limit 3) never ran more than three at once, across both nodes.
        foreach (var tenant in runs.GroupBy(r => r.tenant))
        {
            var ordered = tenant.OrderBy(r => r.started).ToList();
            for (var i = 1; i < ordered.Count; i++)
                Assert.IsGreaterThanOrEqualTo(ordered[i - 1].ended, ordered[i].started, $"tenant {tenant.Key}: run {ordered[i].id} started before run {ordered[i - 1].id} ended");
        }
        var mostAtOnce = runs.Max(r => runs.Count(o => o.started <= r.started && r.started < o.ended));
        TestContext.WriteLine($"runs per node: {string.Join(", ", runs.GroupBy(r => r.node).Select(g => $"{g.Key} {g.Count()}"))}; at most {mostAtOnce} at once");
        Assert.IsLessThanOrEqualTo(3, mostAtOnce, "pod limit across nodes");
        CollectionAssert.AreEquivalent(new[] { "node-a", "node-b" }, runs.Select(r => r.node).Distinct().ToList(), "both nodes ran cycles");
    }
}
