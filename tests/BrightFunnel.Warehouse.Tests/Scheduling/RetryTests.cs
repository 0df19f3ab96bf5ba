using BrightFunnel.Warehouse.Impala.Engine;
using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Scheduling;
using Dapper;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Tests.Scheduling;

/// <summary>Transient failures come back as retries (new runs, trigger <c>retry</c>); permanent ones end at once.</summary>
[TestClass]
[TestCategory("integration")]
public sealed class RetryTests
{
    [TestMethod]
    public async Task AnUnreachablePodIsRetriedWithBackoffUntilItAnswers()
    {
        await using var world = new SchedulingWorld();
        // Retries after 1, 2, 4, 4, 4 s: room enough for the test to bring the server back whenever it gets to.
        world.Settings.Scheduler.RetryAttempts = 5;
        var directory = new TenantDirectory(world.Settings);
        directory.AddPod("pod", SchedulingWorld.UnreachableServer(), 2, replace: true); // the pod's server is down
        world.StartNode("node-a");
        var runId = await world.Queue(world.Main.Id, only: CycleSteps.Canonicalize);

        await world.Until(() => world.History.Get(runId) is { Status: RunStatus.Failed } r ? r : null, $"run {runId} to fail");
        directory.AddPod("pod", TestServer.ConnectionString, 2, replace: true); // the server is back
        var last = await world.WaitForEnd(runId);

        Assert.AreEqual(RunStatus.Succeeded, last.Status, last.Error);
        var attempts = world.History.Attempts(runId);
        Assert.IsGreaterThanOrEqualTo(2, attempts.Count);
        Assert.IsLessThanOrEqualTo(1 + world.Settings.Scheduler.RetryAttempts, attempts.Count);
        foreach (var failed in attempts.SkipLast(1))
        {
            Assert.AreEqual(RunStatus.Failed, failed.Status);
            StringAssert.Contains(failed.Error, "Unable to connect");
        }
        Assert.AreEqual(RunStore.ConsoleTrigger, attempts[0].TriggerKind);
        foreach (var retry in attempts.Skip(1))
        {
            Assert.AreEqual((RunStore.RetryTrigger, (long?)runId, CycleSteps.Canonicalize), (retry.TriggerKind, retry.RetryOf, retry.OnlyStep));
        }
        Assert.HasCount(attempts.Count, world.History.Recent(world.Main.Id, 100), "every run of the tenant is an attempt of this one");

        await world.StopNodes();
        using var c = world.Control();
        var retryAttempts = c.Query<int>("SELECT RETRY_ATTEMPT FROM QRTZ_EXECUTION_HISTORY WHERE TRIGGER_NAME = @t ORDER BY FIRED_TIME", new { t = $"run-{runId}" }).ToList();
        CollectionAssert.AreEqual(Enumerable.Range(0, attempts.Count).ToList(), retryAttempts, "Quartz fired the one trigger again for each retry");
    }

    [TestMethod]
    public async Task AnImpalaEngineThatIsDownIsRetriedUntilItIsBackAndTheOffloadRuns()
    {
        await using var world = new SchedulingWorld();
        world.Settings.Scheduler.RetryAttempts = 5;
        var root = Directory.CreateTempSubdirectory("bfw-impala-").FullName;
        var port = SchedulingWorld.UnusedPort();
        world.Settings.Impala = new ImpalaSettings { Host = "127.0.0.1", Port = port, Root = root }; // nothing listens there yet
        try
        {
            world.StartNode("node-a");
            long runId;
            await using (var client = await world.Client())
                runId = await new RunQueue(world.Settings, client.Scheduler).Enqueue(world.Main.Id, null, CycleSteps.Attribute, "impala");

            await world.Until(() => world.History.Get(runId) is { Status: RunStatus.Failed } r ? r : null, $"run {runId} to fail");
            await using var engine = LocalImpalaEngine.Start(port, root); // the engine is back
            var last = await world.WaitForEnd(runId);

            Assert.AreEqual(RunStatus.Succeeded, last.Status, last.Error);
            var attempts = world.History.Attempts(runId);
            Assert.IsGreaterThanOrEqualTo(2, attempts.Count);
            StringAssert.Contains(attempts[0].Error, $"127.0.0.1:{port}");
            StringAssert.StartsWith(world.History.Steps(last.RunId).Single(s => s.Step == CycleSteps.Attribute).Detail, "engine impala");
            await world.StopNodes();
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    [TestMethod]
    public async Task APermanentFailureIsNotRetried()
    {
        await using var world = new SchedulingWorld();
        using (var t = world.Main.Open()) t.Execute("DROP PROCEDURE cn_build_accounts"); // an SQL error: permanent
        world.StartNode("node-a");
        var runId = await world.Queue(world.Main.Id, only: CycleSteps.Canonicalize);

        var last = await world.WaitForEnd(runId); // ends only once Quartz dropped the trigger: no retry pending

        Assert.AreEqual((runId, RunStatus.Failed), (last.RunId, last.Status));
        StringAssert.Contains(last.Error, "cn_build_accounts");
        Assert.HasCount(1, world.History.Attempts(runId));
    }
}
