using System.Diagnostics;
using System.Text.Json;
using BrightFunnel.Warehouse.Console;
using BrightFunnel.Warehouse.Orchestrator;
using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Tests.Cycle;

/// <summary>
/// MariaDB itself killed (<c>kill -9</c>) under a <c>bfw run --inline</c>, then started again by
/// <c>./run db up</c>: the script must see through the stale pid file, and the history must close
/// the run whose owner could not record its end. The server is the test's own (see
/// <see cref="ScriptedServer"/>): the shared one must live on for the tests running beside it.
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class ServerCrashTests
{
    static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);

    [TestMethod]
    public async Task MariaDbKilledUnderAnInlineRunIsStartedByRunDbUpAndTheRunIsAbandonedWithinALease()
    {
        using var server = new ScriptedServer();
        var up = server.Up();
        Assert.AreEqual(0, up.code, up.output);
        StringAssert.DoesNotMatch(up.output, new System.Text.RegularExpressions.Regex("building"), "the child took the tests' build as it is");

        var tenant = TenantId.Parse("crash");
        var settings = new WarehouseSettings
        {
            Control = new DatabaseSettings { ConnectionString = server.ConnectionString + ";Database=bf_control" },
            Web = new DatabaseSettings { ConnectionString = server.ConnectionString + ";Database=bf_web" },
            SqlRoot = TestServer.SqlRoot,
            KeyRing = TestServer.KeyRing,
            ExportsRoot = Path.Combine(server.Home, "exports"),
            Impala = { Port = server.ImpalaPort, Root = Path.Combine(server.Home, "impala") },
            Scheduler = { RunLease = Lease, HeartbeatInterval = TimeSpan.FromMilliseconds(200) },
        };
        var migrations = new WarehouseMigrations(settings);
        Assert.IsTrue(migrations.Apply("all").All(o => o.Succeeded));
        migrations.Directory.AddPod("pod", server.ConnectionString, 2);
        Assert.IsTrue(migrations.AddTenant(tenant, "pod", "UTC").Succeeded);
        SampleExports.Write(Directory.CreateDirectory(Path.Combine(settings.ExportsRoot, tenant.Value)).FullName);
        var history = new RunStore(settings.Control.ConnectionString, settings.Scheduler);
        var tenantServer = migrations.Directory.TenantConnectionString(tenant);

        var reference = Bfw(settings, "run", tenant.Value, "--inline");
        Assert.AreEqual(0, reference.code, reference.error);
        var referenceRun = history.Recent(tenant, 1).Single();
        Assert.AreEqual(RunStatus.Succeeded, referenceRun.Status);

        using (var c = new MySqlConnection(tenantServer)) { c.Open(); SlowCanonicalize.Install(c); }
        using var client = BfwProcess.Start(settings, "run", tenant.Value, "--inline");
        var clientErrors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        client.ErrorDataReceived += (_, e) => { if (e.Data is not null) clientErrors.Enqueue(e.Data); }; // its last words come seconds from now
        try
        {
            long deadRun = 0;
            await Until(() => (deadRun = history.Recent(tenant, 1).Single().RunId) > referenceRun.RunId
                              && history.Steps(deadRun).Any(s => s.Step == CycleSteps.Canonicalize && s.Status == StepStatus.Running),
                "the inline run to be in canonicalize");

            var killed = server.DatabasePid;
            Process.GetProcessById(killed).Kill(); // SIGKILL: no shutdown, the pid file stays
            var killedAt = DateTime.UtcNow;
            Assert.IsTrue(File.Exists(server.PidFile), "kill -9 leaves the stale pid file the script must see through");

            Assert.IsTrue(client.WaitForExit(TimeSpan.FromSeconds(30)), "the inline client gave up on the lost server");
            client.WaitForExit(); // drains its stderr
            Assert.AreNotEqual(0, client.ExitCode);
            var said = string.Join('\n', clientErrors);
            StringAssert.Contains(said, $"bfw: run {deadRun}: lost the control database 127.0.0.1:{server.DatabasePort}");
            StringAssert.Contains(said, "shows it abandoned once its lease");

            var restart = server.Up();
            Assert.AreEqual(0, restart.code, restart.output);
            StringAssert.Contains(restart.output, $"starting MariaDB on 127.0.0.1:{server.DatabasePort}");
            Assert.IsFalse(restart.output.Contains("MariaDB already running", StringComparison.Ordinal), restart.output);
            Assert.AreNotEqual(killed, server.DatabasePid);

            // Its last heartbeat was before the kill: one lease after it, the first reader closes the run.
            var leasePassed = killedAt + Lease + TimeSpan.FromMilliseconds(500) - DateTime.UtcNow;
            if (leasePassed > TimeSpan.Zero) await Task.Delay(leasePassed);
            var shown = Bfw(settings, "runs", "show", deadRun.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
            Assert.AreEqual(0, shown.code, shown.error);
            var json = JsonDocument.Parse(shown.output).RootElement;
            var run = json.GetProperty("run");
            Assert.AreEqual(RunStatus.Abandoned.ToDbValue(), run.GetProperty("status").GetString(), shown.output);
            StringAssert.Contains(run.GetProperty("error").GetString(), "stopped renewing at");
            var open = json.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("step").GetString() == CycleSteps.Canonicalize);
            Assert.AreEqual(StepStatus.Abandoned.ToDbValue(), open.GetProperty("status").GetString(), shown.output);
            Assert.AreEqual(JsonValueKind.String, open.GetProperty("endedAt").ValueKind, "the open step is closed");
            Assert.IsTrue(open.GetProperty("endedAt").GetDateTime() <= killedAt, "closed at its owner's last sign of life, before the kill");
            Assert.IsFalse(json.GetProperty("steps").EnumerateArray().Any(s => s.GetProperty("status").GetString() == StepStatus.Running.ToDbValue()), shown.output);

            var status = JsonDocument.Parse(Bfw(settings, "status", "--json").output).RootElement;
            Assert.AreEqual(0, status.GetProperty("pods").EnumerateArray().Sum(p => p.GetProperty("running").GetInt64()));

            using (var c = new MySqlConnection(tenantServer)) c.Execute("DELETE FROM bft_slow");
            var next = Bfw(settings, "run", tenant.Value, "--inline");
            Assert.AreEqual(0, next.code, next.error);
            var nextRun = history.Recent(tenant, 1).Single();
            Assert.AreEqual(RunStatus.Succeeded, nextRun.Status);
            CollectionAssert.AreEqual(Numbers(history, referenceRun.RunId), Numbers(history, nextRun.RunId), "the same rows in every step as before the crash");
        }
        finally
        {
            if (!client.HasExited) client.Kill(entireProcessTree: true);
        }
    }

    static string[] Numbers(RunStore history, long runId) =>
        history.Steps(runId).Select(s => $"{s.Step} {s.Status} {s.RowCount}").ToArray();

    static (int code, string output, string error) Bfw(WarehouseSettings settings, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var code = new BfwConsole(settings, output, error) { Stop = timeout.Token }.Run(args);
        return (code, output.ToString(), error.ToString());
    }

    static async Task Until(Func<bool> probe, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (probe()) return;
            await Task.Delay(50);
        }
        throw new AssertFailedException($"gave up waiting for {what}");
    }
}
