using System.Diagnostics;
using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Tests.Impala;
using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Tests.Scheduling;

/// <summary>A node that dies mid-cycle: another node recovers the firing and runs it again as a retry.</summary>
[TestClass]
[TestCategory("integration")]
public sealed class NodeLossTests
{
    [TestMethod]
    public async Task AnotherNodeRecoversTheCycleOfANodeThatDied()
    {
        await using var world = new SchedulingWorld();
        world.Settings.Scheduler.CheckinMisfireThreshold = TimeSpan.FromSeconds(2); // declare the dead node dead soon
        var blocker = new MySqlConnection(new MySqlConnectionStringBuilder(world.Main.ConnectionString) { Pooling = false }.ConnectionString);
        blocker.Open();
        blocker.Execute("LOCK TABLES raw_account WRITE"); // the doomed node's canonicalize waits on it
        using var doomed = StartServe(world, "doomed");
        try
        {
            var runId = await world.Queue(world.Main.Id, only: CycleSteps.Canonicalize);
            await world.Until(() => world.History.Steps(runId).FirstOrDefault(s => s.Step == CycleSteps.Canonicalize && s.Status == StepStatus.Running),
                "the doomed node to be in canonicalize");
            Assert.AreEqual("doomed", world.History.Get(runId).Node);

            doomed.Kill(entireProcessTree: true); // no shutdown, no goodbye: its check-ins just stop
            await doomed.WaitForExitAsync();
            blocker.Dispose();
            world.StartNode("rescuer");
            var last = await world.WaitForEnd(runId);

            Assert.AreEqual(RunStatus.Succeeded, last.Status, last.Error);
            var attempts = world.History.Attempts(runId);
            Assert.HasCount(2, attempts);
            Assert.AreEqual(RunStatus.Failed, attempts[0].Status);
            StringAssert.Contains(attempts[0].Error, "node doomed was lost");
            Assert.AreEqual((RunStore.RetryTrigger, (long?)runId, "rescuer", CycleSteps.Canonicalize),
                (attempts[1].TriggerKind, attempts[1].RetryOf, attempts[1].Node, attempts[1].OnlyStep));
        }
        finally
        {
            if (!doomed.HasExited) doomed.Kill(entireProcessTree: true);
            blocker.Dispose();
        }
    }

    [TestMethod]
    public async Task ANodeKilledDuringAnOffloadedAttributeLeavesNothingBehindOnceItsRetrySucceeds()
    {
        await using var world = new SchedulingWorld();
        world.Settings.Scheduler.CheckinMisfireThreshold = TimeSpan.FromSeconds(2);
        world.Settings.Scheduler.HeartbeatInterval = TimeSpan.FromMilliseconds(500);
        var tenant = world.Main;
        SampleExports.Write(Directory.CreateDirectory(Path.Combine(world.Settings.ExportsRoot, tenant.Id.Value)).FullName);
        await using var engine = TestEngine.Start();
        world.Settings.Impala = engine.OffloadSettings();
        new TenantConfigStore(world.Settings.Control.ConnectionString).Save(tenant.Id, new TenantConfig { Engine = "impala" });
        var first = new DataCycle(world.Settings, "test-node").Execute(world.History.Queue(tenant.Id, "console", null, null, null));
        Assert.IsTrue(first.Succeeded, first.Error);
        var before = BuildInfo(tenant);

        Process? doomed = null;
        // The node dies once the run's inputs are staged and registered, while the cluster builds the positions.
        await using var tripwire = new EngineTripwire(() => engine.Engine.Port, "CREATE TABLE at_milestones", async () =>
        {
            doomed!.Kill(entireProcessTree: true);
            await doomed.WaitForExitAsync();
        });
        world.Settings.Impala.Port = tripwire.Port;
        doomed = StartServe(world, "doomed");
        try
        {
            var runId = await world.Queue(tenant.Id, only: CycleSteps.Attribute);
            await world.Until(() => tripwire.Tripped && doomed.HasExited ? "" : null, "the doomed node to die in attribute");
            var cluster = new ClusterAttribution(tenant.Id);
            var staged = Path.Combine(engine.Root, tenant.Id.Value);
            await using (var look = await engine.OpenSessionAsync())
                Assert.IsNotEmpty(await cluster.RunDatabasesAsync(look), "the dead node left its run database");
            Assert.IsTrue(Directory.Exists(staged), "the dead node left its staged files");
            Assert.IsNotNull(new RunLeftovers(world.Settings).Sweep(tenant.Id, dryRun: true).LiveRun, "its lease has not passed yet: nothing is touched");

            world.StartNode("rescuer");
            var last = await world.WaitForEnd(runId);

            Assert.AreEqual(RunStatus.Succeeded, last.Status, last.Error);
            var dead = world.History.Attempts(runId)[0];
            Assert.AreEqual(RunStatus.Failed, dead.Status);
            var deadStep = world.History.Steps(dead.RunId).Single(s => s.Step == CycleSteps.Attribute);
            Assert.AreEqual((StepStatus.Failed, dead.EndedAt), (deadStep.Status, deadStep.EndedAt), "the dead node's step ends with its run, at its last sign of life");
            Assert.IsTrue(dead.EndedAt >= dead.HeartbeatAt && dead.EndedAt < last.StartedAt, $"ended {dead.EndedAt}, last heartbeat {dead.HeartbeatAt}");
            Assert.AreEqual(before, BuildInfo(tenant) with { RunId = before.RunId, BuiltAt = before.BuiltAt }, "the retry built the same attribution");

            Assert.IsEmpty(new RunLeftovers(world.Settings).Sweep(tenant.Id, dryRun: true).Leftovers);
            await using var session = await engine.OpenSessionAsync();
            Assert.IsEmpty(await cluster.RunDatabasesAsync(session), "Impala run databases left");
            Assert.IsEmpty(await cluster.StaleRunTablesAsync(session, [last.RunId]), "run tables of other runs left");
            Assert.IsFalse(Directory.Exists(staged), "staged files left");
            using var c = tenant.Open();
            Assert.IsEmpty(c.Query<string>(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND (table_name LIKE '%\\_next' OR table_name LIKE '%\\_old')").ToList(),
                "shadow tables left");

            var gone = Directory.CreateDirectory(Path.Combine(engine.Root, "gone_tenant")).FullName; // a removed tenant's empty folder
            Assert.AreEqual("gone_tenant", new RunLeftovers(world.Settings).EmptyStagingFolders(dryRun: false, new HashSet<string>()).Single().Tenant);
            Assert.IsFalse(Directory.Exists(gone));
        }
        finally
        {
            if (!doomed.HasExited) doomed.Kill(entireProcessTree: true);
        }
    }

    static AttributionBuildInfo BuildInfo(TestTenant tenant)
    {
        using var c = tenant.Open();
        return AttributionBuildInfo.Read(c) ?? throw new AssertFailedException("no attribution");
    }

    /// <summary><c>bfw serve</c> in a process of its own, on the world's databases and test timings.</summary>
    static Process StartServe(SchedulingWorld world, string instanceId) => BfwProcess.Start(world.Settings, "serve", "--instance-id", instanceId);
}
