using System.Diagnostics;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Tests.Scheduling;

/// <summary>A node that dies mid-cycle: another node recovers the firing and runs it again as a retry.</summary>
[TestClass]
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
            var runId = await world.Queue(world.Main.Id, only: CycleStep.Canonicalize);
            await world.Until(() => world.History.Steps(runId).FirstOrDefault(s => s.Step == CycleStep.Canonicalize && s.Status == RunHistory.Running),
                "the doomed node to be in canonicalize");
            Assert.AreEqual("doomed", world.History.Get(runId).Node);

            doomed.Kill(entireProcessTree: true); // no shutdown, no goodbye: its check-ins just stop
            await doomed.WaitForExitAsync();
            blocker.Dispose();
            world.StartNode("rescuer");
            var last = await world.WaitForEnd(runId);

            Assert.AreEqual(RunHistory.Succeeded, last.Status, last.Error);
            var attempts = world.History.Attempts(runId);
            Assert.HasCount(2, attempts);
            Assert.AreEqual(RunHistory.Failed, attempts[0].Status);
            StringAssert.Contains(attempts[0].Error, "node doomed was lost");
            Assert.AreEqual((RunHistory.RetryTrigger, (long?)runId, "rescuer", CycleStep.Canonicalize),
                (attempts[1].TriggerKind, attempts[1].RetryOf, attempts[1].Node, attempts[1].OnlyStep));
        }
        finally
        {
            if (!doomed.HasExited) doomed.Kill(entireProcessTree: true);
            blocker.Dispose();
        }
    }

    /// <summary><c>bfw serve</c> in a process of its own, on the world's databases and test timings.</summary>
    static Process StartServe(SchedulingWorld world, string instanceId) => BfwProcess.Start(world.Settings, "serve", "--instance-id", instanceId);
}
