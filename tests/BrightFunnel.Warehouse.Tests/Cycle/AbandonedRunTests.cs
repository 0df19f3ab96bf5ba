using System.Text.Json;
using Dapper;
using MySql.Data.MySqlClient;

using static BrightFunnel.Warehouse.Tests.Cycle.RunProbes;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Tests.Cycle;

/// <summary>
/// A <c>bfw run --inline</c> client killed mid-step: its lease runs out, readers close the run as
/// abandoned at its last heartbeat, and the next run of the tenant removes what it left, down to
/// the statement the dead client still had running on the server.
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class AbandonedRunTests
{
    static readonly TimeSpan Lease = TimeSpan.FromSeconds(2);

    [TestMethod]
    public async Task AnInlineRunWhoseClientIsKilledIsAbandonedAndTheNextRunClearsWhatItLeft()
    {
        using var cycle = new SampleTenantCycle();
        var (tenant, history) = (cycle.Tenant, cycle.History);
        tenant.Settings.Scheduler.HeartbeatInterval = TimeSpan.FromMilliseconds(200);
        tenant.Settings.Scheduler.RunLease = Lease;
        Assert.IsTrue(cycle.Run(only: CycleSteps.Ingest).Succeeded);
        var first = cycle.Run(only: CycleSteps.Canonicalize);
        Assert.IsTrue(first.Succeeded, first.Error);
        var canonicalRows = history.Steps(first.RunId).Single(s => s.Step == CycleSteps.Canonicalize).RowCount;

        using (var c = tenant.Open()) SlowCanonicalize.Install(c);
        using var client = BfwProcess.Start(tenant.Settings, "run", tenant.Id.Value, "--only", CycleSteps.Canonicalize, "--inline");
        long deadRun = 0, deadConnection = 0;
        try
        {
            await Until(() => (deadRun = Latest(history, tenant)) > first.RunId
                              && history.Steps(deadRun).Any(s => s.Step == CycleSteps.Canonicalize && s.Status == StepStatus.Running)
                              && (deadConnection = RecordedConnection(tenant, deadRun)) > 0
                              && Running(tenant, deadConnection), "the inline client to wait in canonicalize");
            StringAssert.StartsWith(history.Get(deadRun).Owner, "inline:");
            client.Kill(entireProcessTree: true);
            await client.WaitForExitAsync();
            Assert.IsTrue(Running(tenant, deadConnection), "the dead client's statement still runs on the server");

            // Any reader closes it once the lease has passed: here `runs show`.
            await Until(() => Bfw(tenant, "runs", "show", deadRun.ToString(), "--json").output.Contains("\"abandoned\""), "the run to be abandoned",
                Lease + TimeSpan.FromSeconds(15));
            var run = history.Get(deadRun);
            StringAssert.Contains(run.Error, $"owner {run.Owner} stopped renewing at");
            var step = history.Steps(deadRun).Single(s => s.Step == CycleSteps.Canonicalize);
            var lastSignOfLife = run.HeartbeatAt > step.StartedAt ? run.HeartbeatAt : step.StartedAt;
            Assert.AreEqual(lastSignOfLife, run.EndedAt, "it ended when its owner stopped, not when someone noticed");
            Assert.AreEqual((StepStatus.Abandoned, lastSignOfLife, run.Error), (step.Status, step.EndedAt, step.Error));

            var status = JsonDocument.Parse(Bfw(tenant, "status", "--json").output).RootElement;
            Assert.AreEqual(0, status.GetProperty("pods").EnumerateArray().Sum(p => p.GetProperty("running").GetInt64()));
            var cancel = Bfw(tenant, "cancel", deadRun.ToString());
            Assert.AreEqual(0, cancel.code, cancel.error);
            StringAssert.Contains(cancel.output, "abandoned");

            var listed = Bfw(tenant, "gc", "--dry-run");
            Assert.AreEqual(0, listed.code, listed.error);
            StringAssert.Contains(listed.output, $"connection {deadConnection} ");
            Assert.IsTrue(Running(tenant, deadConnection), "--dry-run removes nothing");

            // The next run clears the dead run's leftovers before its own work; the dead statement would run for minutes.
            using (var c = tenant.Open()) c.Execute("DELETE FROM bft_slow");
            var outcome = cycle.Run(only: CycleSteps.Canonicalize);
            Assert.IsTrue(outcome.Succeeded, outcome.Error);
            Assert.IsFalse(Running(tenant, deadConnection), "the next run killed the dead client's statement");
            Assert.AreEqual(canonicalRows, history.Steps(outcome.RunId).Single(s => s.Step == CycleSteps.Canonicalize).RowCount);

            var after = Bfw(tenant, "gc", "--dry-run");
            Assert.AreEqual(0, after.code, after.error);
            StringAssert.Contains(after.output, "no leftovers");
        }
        finally
        {
            if (!client.HasExited) client.Kill(entireProcessTree: true);
            using var c = tenant.Open();
            if (deadConnection > 0 && Running(tenant, deadConnection)) c.Execute($"KILL QUERY {deadConnection}"); // never leave it burning a core
            c.Execute("DELETE FROM bft_slow");
        }
    }

    [TestMethod]
    public void ARunLeftRunningWithoutALeaseIsClosedOnceALeaseHasPassedSinceItStarted()
    {
        using var tenant = new TestTenant(); // a run from before leases, or whose owner died between its start and its lease
        tenant.Settings.Scheduler.RunLease = Lease;
        var history = new RunStore(tenant.Settings.Control.ConnectionString);
        var stuck = history.Queue(tenant.Id, RunStore.ConsoleTrigger, null, null, null);
        using (var c = new MySqlConnection(tenant.Settings.Control.ConnectionString))
        {
            c.Execute("UPDATE runs SET status = 'running', node = 'old-node', started_at = UTC_TIMESTAMP(6) - INTERVAL 39 MINUTE WHERE run_id = @stuck", new { stuck });
            c.Execute("INSERT INTO run_steps (run_id, step, status, started_at) VALUES (@stuck, 'attribute', 'running', UTC_TIMESTAMP(6) - INTERVAL 38 MINUTE)", new { stuck });
        }
        var status = JsonDocument.Parse(Bfw(tenant, "status", "--json").output).RootElement;
        Assert.AreEqual(0, status.GetProperty("pods").EnumerateArray().Sum(p => p.GetProperty("running").GetInt64()));
        var run = history.Get(stuck);
        Assert.AreEqual(RunStatus.Abandoned, run.Status);
        StringAssert.Contains(run.Error, "owner old-node stopped renewing at");
        var step = history.Steps(stuck).Single();
        Assert.AreEqual((StepStatus.Abandoned, step.StartedAt), (step.Status, step.EndedAt), "ended at its last sign of life: the step's start");
    }

    static long Latest(RunStore history, TestTenant tenant) => history.Recent(tenant.Id, 1).FirstOrDefault()?.RunId ?? 0;

    /// <summary>The run's recorded connection that runs the slow build (canonicalize builds in two lanes, a connection each); 0 before there is one.</summary>
    static long RecordedConnection(TestTenant tenant, long runId)
    {
        using var c = new MySqlConnection(tenant.Settings.Control.ConnectionString);
        var recorded = c.Query<long>("SELECT connection_id FROM run_connections WHERE run_id = @runId", new { runId }).ToList();
        using var t = tenant.Open();
        return recorded.FirstOrDefault(id =>
            t.ExecuteScalar<string?>("SELECT INFO FROM information_schema.PROCESSLIST WHERE ID = @id", new { id })?.Contains("BENCHMARK", StringComparison.Ordinal) == true);
    }
}
