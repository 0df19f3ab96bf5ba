using BrightFunnel.Warehouse.Orchestrator;
using System.Text.Json;
using BrightFunnel.Warehouse.Console;
using BrightFunnel.Warehouse.Orchestrator.Scheduling;
using Dapper;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Tests.Scheduling;

/// <summary>The scheduling verbs of <c>bfw</c>: schedule, run (queued, --wait), cancel, status; and the schema they need.</summary>
[TestClass]
[TestCategory("integration")]
public sealed class SchedulingConsoleTests
{
    static (int code, string output, string error) Bfw(SchedulingWorld world, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        using var timeout = new CancellationTokenSource(SchedulingWorld.Patience);
        var code = new BfwConsole(world.Settings, output, error) { Stop = timeout.Token }.Run(args);
        return (code, output.ToString(), error.ToString());
    }

    [TestMethod]
    public async Task ScheduleSetValidatesTheCronAndReschedulesTheTenantInItsTimeZone()
    {
        await using var world = new SchedulingWorld();
        var tenant = world.Main.Id.Value;
        Assert.AreEqual(2, Bfw(world, "schedule", "set", tenant, "every night").code);
        Assert.AreEqual(2, Bfw(world, "schedule", "set", tenant, "0 0 0 30 2 ?").code, "a date that never comes");
        Assert.AreEqual(2, Bfw(world, "schedule", "set", "nosuchtenant", "0 30 1 * * ?").code);
        var unregistered = Bfw(world, "schedule", "list");
        StringAssert.Contains(unregistered.output, "not registered: no scheduler node has synced the tenant since it was added",
            "a tenant no node has synced yet says why and what registers it");
        StringAssert.Contains(unregistered.output, "bfw schedule set <tenant> \"<cron>\" registers one now");

        var set = Bfw(world, "schedule", "set", tenant, "0 30 1 * * ?");
        Assert.AreEqual(0, set.code, set.error);
        Assert.AreEqual("0 30 1 * * ?", new TenantDirectory(world.Settings).GetTenant(world.Main.Id).Cron);
        var list = Bfw(world, "schedule", "list", "--json");
        Assert.AreEqual(0, list.code, list.error);
        var entry = JsonDocument.Parse(list.output).RootElement.EnumerateArray().Single();
        Assert.IsFalse(Bfw(world, "schedule", "list").output.Contains("not registered:"), "nothing to explain once registered");
        Assert.AreEqual(("0 30 1 * * ?", "normal"), (entry.GetProperty("cron").GetString(), entry.GetProperty("triggerState").GetString()));
        await using var client = await world.Client();
        var trigger = (Quartz.ICronTrigger)(await client.Scheduler.GetTrigger(CycleKeys.Schedule(world.Main.Id)))!;
        Assert.AreEqual(("0 30 1 * * ?", "UTC", "pod:pod"), (trigger.CronExpressionString, trigger.TimeZone.Id, trigger.ExecutionGroup));
        var next = trigger.NextFireTimeUtc!.Value;
        Assert.AreEqual((1, 30), (next.UtcDateTime.Hour, next.UtcDateTime.Minute));
    }

    [TestMethod]
    public async Task RunWaitFollowsAQueuedRunToItsEndAndStatusShowsIt()
    {
        await using var world = new SchedulingWorld();
        world.StartNode("node-a");

        var run = Bfw(world, "run", world.Main.Id.Value, "--only", CycleSteps.Canonicalize, "--wait");

        Assert.AreEqual(0, run.code, run.output + run.error);
        StringAssert.Contains(run.output, "canonicalize  succeeded");
        StringAssert.Contains(run.output, "succeeded on node-a"); // the end; "running on" may fall between two polls
        var record = world.History.Recent(world.Main.Id, 10).Single();
        Assert.AreEqual((RunStore.ConsoleTrigger, RunStatus.Succeeded, "node-a"), (record.TriggerKind, record.Status, record.Node));

        var status = Bfw(world, "status", "--json");
        Assert.AreEqual(0, status.code, status.error);
        var json = JsonDocument.Parse(status.output).RootElement;
        var pod = json.GetProperty("pods").EnumerateArray().Single();
        Assert.AreEqual(("pod", 1, 0, 0, 0), (pod.GetProperty("pod").GetString(), pod.GetProperty("tenants").GetInt32(), pod.GetProperty("running").GetInt32(),
            pod.GetProperty("queued").GetInt32(), pod.GetProperty("failuresLast24h").GetInt32()));
        Assert.AreNotEqual(JsonValueKind.Null, pod.GetProperty("lastCycleEndUtc").ValueKind);
        Assert.IsTrue(json.GetProperty("nodes").EnumerateArray().Any(n => n.GetProperty("instanceId").GetString() == "node-a" && n.GetProperty("alive").GetBoolean()));
        Assert.AreEqual(0, Bfw(world, "status").code);
    }

    [TestMethod]
    public async Task AFailedRunMakesRunWaitExitOne()
    {
        await using var world = new SchedulingWorld();
        using (var t = world.Main.Open()) t.Execute("DROP PROCEDURE cn_build_accounts");
        world.StartNode("node-a");

        var run = Bfw(world, "run", world.Main.Id.Value, "--only", CycleSteps.Canonicalize, "--wait");

        Assert.AreEqual(1, run.code, run.output + run.error);
        StringAssert.Contains(run.output, "failed");
    }

    [TestMethod]
    public async Task CancellingAQueuedRunTakesItOutOfTheQueue()
    {
        await using var world = new SchedulingWorld(); // no node: the run stays queued
        var queued = Bfw(world, "run", world.Main.Id.Value);
        Assert.AreEqual(0, queued.code, queued.error);
        var runId = world.History.Recent(world.Main.Id, 1).Single().RunId;
        Assert.AreEqual(RunStatus.Queued, world.History.Get(runId).Status);

        var cancel = Bfw(world, "cancel", runId.ToString());

        Assert.AreEqual(0, cancel.code, cancel.error);
        StringAssert.Contains(cancel.output, "cancelled before it started");
        Assert.AreEqual(RunStatus.Cancelled, world.History.Get(runId).Status);
        await using var client = await world.Client();
        Assert.IsFalse(await client.Scheduler.Exists(CycleKeys.ConsoleRun(runId)), "its trigger is gone");
        Assert.AreEqual(2, Bfw(world, "cancel", runId.ToString()).code, "nothing left to cancel");
        Assert.AreEqual(2, Bfw(world, "run", world.Main.Id.Value, "--only", "nosuchstep").code);
    }

    [TestMethod]
    public async Task MigrateApplyProvisionsQuartzSchemaOnce()
    {
        await using var world = new SchedulingWorld();
        using var c = world.Control();
        Assert.AreEqual(15L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE 'QRTZ\\_%'"));
        var again = world.Main.Migrations.Apply("control").Single();
        Assert.IsTrue(again.Succeeded, again.Error);
        Assert.IsEmpty(again.Applied, "nothing left to create");
        Assert.IsTrue(world.Main.Migrations.Status("control").Single().UpToDate);

        c.Execute("DROP TABLE QRTZ_EXECUTION_HISTORY"); // Quartz would refuse this schema
        var status = Bfw(world, "migrate", "status", "--db", "control");
        Assert.AreEqual(0, status.code, status.error);
        StringAssert.Contains(status.output, "pending");
        CollectionAssert.Contains(world.Main.Migrations.Status("control").Single().Pending.ToList(), "Quartz schema (QRTZ_ tables)");
        var repaired = Bfw(world, "migrate", "apply", "--db", "control");
        Assert.AreEqual(0, repaired.code, repaired.output + repaired.error);
        StringAssert.Contains(repaired.output, "Quartz schema (1 QRTZ_ tables)");
        Assert.IsTrue(world.Main.Migrations.Status("control").Single().UpToDate);
    }
}
