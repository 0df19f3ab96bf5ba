using System.Diagnostics;
using System.Text;
using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Tests.Impala;
using BrightFunnel.Warehouse.Tests.Scheduling;
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
/// Fencing (issue 23): an owner that is stalled, not dead. A real <c>bfw run --inline</c> stops
/// itself (<c>SIGSTOP</c>, <see cref="FaultPoints"/>) just before a step's write, stays stopped past
/// its lease while a new run takes the tenant and publishes, then resumes (<c>SIGCONT</c>). The new
/// run's results stay in force, the old run writes nothing, its history keeps the end it was
/// given, it exits non-zero saying it lost its lease, and gc finds nothing of the new run's.
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class ZombieRunTests
{
    static readonly TimeSpan Lease = TimeSpan.FromSeconds(2);

    [TestMethod]
    [DataRow(FaultPoints.AttributeSwap, CycleSteps.Attribute, AttributionEngines.MySql)]
    [DataRow(FaultPoints.AttributeSwap, CycleSteps.Attribute, AttributionEngines.Impala)]
    [DataRow(FaultPoints.AggregateSwap, CycleSteps.Aggregate, AttributionEngines.MySql)]
    [DataRow(FaultPoints.PublishSwitch, CycleSteps.Publish, AttributionEngines.MySql)]
    public async Task AStalledOwnerThatWakesUpAfterANewRunPublishedWritesNothingAndSaysSo(string point, string step, string engine)
    {
        using var cycle = new SampleTenantCycle();
        var tenant = cycle.Tenant;
        await using var cluster = engine == AttributionEngines.Impala ? TestEngine.Start() : null;
        if (cluster is not null) tenant.Settings.Impala = cluster.OffloadSettings();
        tenant.Settings.Scheduler.HeartbeatInterval = TimeSpan.FromMilliseconds(200);
        tenant.Settings.Scheduler.RunLease = Lease;
        var first = cycle.Run(engine: engine);
        Assert.IsTrue(first.Succeeded, first.Error);

        var printed = new StringBuilder();
        using var zombie = BfwProcess.Start(tenant.Settings, new Dictionary<string, string> { [FaultPoints.Variable] = point }, printed,
            "run", tenant.Id.Value, "--from", step, "--engine", engine, "--inline");
        try
        {
            await Until(() => Stopped(zombie) || zombie.HasExited, $"bfw to stop itself at {point}");
            Assert.IsFalse(zombie.HasExited, $"bfw ended before it reached {point}: {printed}");
            var zombieRun = cycle.History.Recent(tenant.Id, 1).Single().RunId;
            await Task.Delay(Lease + TimeSpan.FromMilliseconds(500)); // its lease passes while it is stopped

            // The stalled owner still holds the tenant lock on a live connection; the new run frees it and takes over.
            var fresh = cycle.Run(from: step, engine: engine);
            Assert.IsTrue(fresh.Succeeded, fresh.Error);
            var inForce = State(cycle);
            Assert.AreEqual(fresh.RunId, inForce.PublishedBy, "the new run's version is in force");
            if (step == CycleSteps.Attribute) Assert.AreEqual(fresh.RunId, inForce.AttributedBy, "at_build_info names the new run on both engines");
            var closed = cycle.History.Get(zombieRun);
            Assert.AreEqual(RunStatus.Abandoned, closed.Status);
            var closedSteps = cycle.History.Steps(zombieRun);

            Signal(zombie, "CONT");
            await zombie.WaitForExitAsync(new CancellationTokenSource(SchedulingWorld.Patience).Token);
            var said = printed.ToString();
            Assert.AreNotEqual(0, zombie.ExitCode, said);
            StringAssert.Contains(said, $"run {zombieRun} lost its lease at ");
            StringAssert.Contains(said, "another owner may have taken the tenant; nothing was written after ");

            Assert.AreEqual(inForce, State(cycle), "the woken run changed what readers see");
            var after = cycle.History.Get(zombieRun);
            Assert.AreEqual((RunStatus.Abandoned, closed.EndedAt, closed.Error), (after.Status, after.EndedAt, after.Error), "its history keeps the end it was given");
            CollectionAssert.AreEqual(closedSteps.ToList(), cycle.History.Steps(zombieRun).ToList());
            Assert.IsTrue(closed.EndedAt <= closed.HeartbeatAt || closedSteps.Any(s => s.StartedAt == closed.EndedAt),
                "it ended at its last sign of life, not when it was noticed");

            var gc = Bfw(tenant, "gc", "--dry-run");
            Assert.AreEqual(0, gc.code, gc.error);
            StringAssert.DoesNotMatch(gc.output, new System.Text.RegularExpressions.Regex($@"_r{fresh.RunId}\b|run{fresh.RunId}_|version {inForce.Version} "),
                "gc lists something of the run in force");
        }
        finally
        {
            if (!zombie.HasExited)
            {
                Signal(zombie, "CONT");
                zombie.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>
    /// A client killed while its MySQL attribute procedure still runs on the server: once its lease
    /// has passed, the procedure's swap is refused, and at_build_info still names the run in force.
    /// The procedure is held (busy, as real work is; a lock wait would end with its client) just
    /// before its swap until the test lets it go.
    /// </summary>
    [TestMethod]
    public async Task AProcedureThatOutlivesItsKilledClientSwapsNothing()
    {
        using var cycle = new SampleTenantCycle();
        var tenant = cycle.Tenant;
        tenant.Settings.Scheduler.HeartbeatInterval = TimeSpan.FromMilliseconds(200);
        tenant.Settings.Scheduler.RunLease = Lease;
        var first = cycle.Run(engine: AttributionEngines.MySql);
        Assert.IsTrue(first.Succeeded, first.Error);
        var inForce = State(cycle);
        Assert.AreEqual(first.RunId, inForce.AttributedBy, "at_build_info names the run on the mysql engine too");

        using (var c = tenant.Open()) HoldBeforeSwap(c);
        using var client = BfwProcess.Start(tenant.Settings, "run", tenant.Id.Value, "--only", CycleSteps.Attribute, "--engine", AttributionEngines.MySql, "--inline");
        long held = 0;
        try
        {
            await Until(() => (held = Scalar<long?>(tenant, "SELECT MAX(connection_id) FROM bft_reached") ?? 0) > 0,
                "the attribute procedure to reach its swap");
            var deadRun = cycle.History.Recent(tenant.Id, 1).Single().RunId;
            client.Kill(entireProcessTree: true);
            await client.WaitForExitAsync();
            await Until(() => Bfw(tenant, "runs", "show", deadRun.ToString()).output.Contains("abandoned"), "the dead run to be abandoned",
                Lease + TimeSpan.FromSeconds(15));
            Assert.IsTrue(Running(tenant, held), "the procedure outlived its client");

            Scalar<int>(tenant, "DELETE FROM bft_hold");
            await Until(() => !Running(tenant, held), "the procedure to end");
            Assert.AreEqual(inForce, State(cycle), "the late swap was refused");
            using var c = tenant.Open();
            var (swapped, error) = c.QuerySingle<(bool, string?)>("SELECT swapped, error FROM bft_reached");
            Assert.IsFalse(swapped);
            StringAssert.Contains(error, $"fenced: at_swap_attribution refused: run {deadRun} lost its lease at ");
        }
        finally
        {
            if (!client.HasExited) client.Kill(entireProcessTree: true);
            if (held > 0 && Running(tenant, held)) Scalar<int>(tenant, $"KILL QUERY {held}");
        }
    }

    /// <summary>Wraps at_swap_attribution: it notes its connection in bft_reached, stays busy while bft_hold has a row, then swaps.</summary>
    static void HoldBeforeSwap(MySqlConnection tenant)
    {
        var create = tenant.QuerySingle<dynamic>("SHOW CREATE PROCEDURE at_swap_attribution");
        var text = (string)((IDictionary<string, object>)create)["Create Procedure"];
        tenant.Execute(text.Replace("PROCEDURE `at_swap_attribution`", "PROCEDURE `at_swap_attribution_real`"));
        tenant.Execute("""
            CREATE TABLE bft_hold (id INT PRIMARY KEY);
            INSERT INTO bft_hold VALUES (1);
            CREATE TABLE bft_reached (connection_id BIGINT PRIMARY KEY, swapped BOOL NOT NULL DEFAULT FALSE, error TEXT NULL);
            DROP PROCEDURE at_swap_attribution;
            """);
        tenant.Execute("""
            CREATE PROCEDURE at_swap_attribution(IN p_engine VARCHAR(16), IN p_run_id BIGINT)
            BEGIN
              DECLARE EXIT HANDLER FOR SQLEXCEPTION
              BEGIN
                GET DIAGNOSTICS CONDITION 1 @bft_error = MESSAGE_TEXT;
                UPDATE bft_reached SET error = @bft_error WHERE connection_id = CONNECTION_ID();
              END;
              INSERT INTO bft_reached (connection_id) VALUES (CONNECTION_ID());
              WHILE EXISTS (SELECT 1 FROM bft_hold) DO
                DO BENCHMARK(100000, MD5('bfw'));
              END WHILE;
              CALL at_swap_attribution_real(p_engine, p_run_id);
              UPDATE bft_reached SET swapped = TRUE WHERE connection_id = CONNECTION_ID();
            END
            """);
    }

    /// <summary>What readers see and who put it there: the publication, the analytics and the attribution in force.</summary>
    sealed record InForce(long Version, long? PublishedBy, long? AttributedBy, string Checksums, string WebChecksum);

    static InForce State(SampleTenantCycle cycle)
    {
        using var web = cycle.Web();
        var (version, publishedBy) = web.QuerySingle<(long, long?)>("SELECT version, run_id FROM web_publications WHERE tenant_id = @t",
            new { t = cycle.Tenant.Id.Value });
        var webChecksum = string.Join(",", web.Query<string>("""
            SELECT CONCAT(COUNT(*), ':', COALESCE(SUM(CRC32(CONCAT_WS('|', campaign_id, model, stage, filter_name, attributed_amount))), 0))
            FROM web_campaign WHERE tenant_id = @t AND version = @version
            """, new { t = cycle.Tenant.Id.Value, version }));
        using var c = cycle.Tenant.Open();
        var attributedBy = c.ExecuteScalar<long?>("SELECT run_id FROM at_build_info");
        var checksums = string.Join(",", c.Query("CHECKSUM TABLE an_campaign, an_channel, an_account, at_paths, at_build_info, cn_accounts")
            .Select(r => $"{r.Table}={r.Checksum}"));
        return new InForce(version, publishedBy, attributedBy, checksums, webChecksum);
    }

    static bool Stopped(Process p)
    {
        try { return File.ReadAllText($"/proc/{p.Id}/stat").Split(") ")[1].StartsWith('T'); }
        catch (IOException) { return false; }
    }

    static void Signal(Process p, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", p.Id.ToString()]);
        kill.WaitForExit();
    }

    static T Scalar<T>(TestTenant tenant, string sql)
    {
        using var c = tenant.Open();
        return c.ExecuteScalar<T>(sql)!;
    }
}
