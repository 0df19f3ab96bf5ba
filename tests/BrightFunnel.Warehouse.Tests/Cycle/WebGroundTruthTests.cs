using BrightFunnel.Warehouse.Events;
using BrightFunnel.Warehouse.Generation;
using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Events;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;
using BrightFunnel.Warehouse.Tests.Impala;
using Dapper;

namespace BrightFunnel.Warehouse.Tests.Cycle;

/// <summary>
/// A generated tenant's web activity through the whole path a customer's takes: its spool imported
/// and shipped into the lake by the cycle's web step, sessions built on the local engine over TCP,
/// identified visitors counted as web touches by attribution. What the cluster made of the events
/// must equal the generator's ground truth, which was written from the definitions, not from our SQL.
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class WebGroundTruthTests
{
    [TestMethod]
    public async Task SessionsIdentificationAndChannelsEqualTheGeneratorsGroundTruth()
    {
        var exports = Directory.CreateTempSubdirectory("bfw-web-truth-");
        using var tenant = new TestTenant();
        await using var engine = TestEngine.Start();
        try
        {
            var web = GeneratedWebTenant(tenant, engine, exports, seed: 7);

            var outcome = new DataCycle(tenant.Settings, "test-node")
                .Execute(new RunStore(tenant.Settings.Control.ConnectionString).Queue(tenant.Id, "console", null, null, null));
            Assert.IsTrue(outcome.Succeeded, outcome.Error);
            StringAssert.Contains(new RunStore(tenant.Settings.Control.ConnectionString).Steps(outcome.RunId).Single(s => s.Step == CycleSteps.Web).Detail,
                "started with canonicalize", "the lake's sessions were built beside canonicalize and match");

            // The truth names the lead or contact whose address was identified; the cluster names the
            // person that record resolved to in canonicalize.
            Dictionary<string, string> personOf;
            using (var c = tenant.Open())
                personOf = c.Query<(string Record, string Person)>("SELECT record_id, person_id FROM cn_person_records")
                    .ToDictionary(r => r.Record, r => r.Person, StringComparer.Ordinal);
            var visitors = WebTruth.ReadVisitors(exports.FullName + "/" + tenant.Id.Value);
            var expected = WebTruth.ReadSessions(exports.FullName + "/" + tenant.Id.Value)
                .Select(s => Row(s.VisitorId, s.StartTimestamp, s.Channel, s.CampaignId,
                    visitors.TryGetValue(s.VisitorId, out var record) && record is not null ? personOf[record] : null))
                .ToHashSet();

            await using var session = await engine.OpenSessionAsync();
            var actual = (await session.QueryAsync(
                    $"SELECT visitor_id, start_ts, channel, touch_campaign_id, person_id FROM bfw_{tenant.Id.Value}.web_sessions")).Rows
                .Select(r => Row((string)r[0]!, Convert.ToInt64(r[1]), (string)r[2]!, (string)r[3]!, (string?)r[4]))
                .ToHashSet();

            Assert.IsGreaterThan(1000, expected.Count, "the generated tenant has sessions to compare");
            var missing = expected.Except(actual).Take(5).ToList();
            var extra = actual.Except(expected).Take(5).ToList();
            Assert.IsTrue(missing.Count == 0 && extra.Count == 0 && expected.Count == actual.Count,
                $"sessions: truth {expected.Count:N0}, cluster {actual.Count:N0}; in the truth only: {string.Join("; ", missing)}; on the cluster only: {string.Join("; ", extra)}");
            Assert.IsTrue(expected.Any(s => s.Person is not null) && expected.Any(s => s.Person is null), "identified and anonymous sessions both occur");

            // Identified sessions reach attribution as touches of the same paths as campaign members.
            var webPairs = (await session.QueryAsync(
                $"SELECT COUNT(*) FROM bfw_{tenant.Id.Value}.at_paths WHERE touch_id LIKE 'WS%'")).Rows.Single()[0];
            Assert.IsGreaterThan(0L, Convert.ToInt64(webPairs), "web touches in the attribution pairs");
        }
        finally
        {
            exports.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The lake's sessions start with canonicalize (WebSessionsAhead). A run that fails before its web
    /// step must leave nothing of them on the cluster, and the web activity in force untouched.
    /// </summary>
    [TestMethod]
    public async Task ARunThatFailsBeforeItsWebStepDropsTheSessionsItStartedAndKeepsThoseInForce()
    {
        var exports = Directory.CreateTempSubdirectory("bfw-web-ahead-");
        using var tenant = new TestTenant();
        await using var engine = TestEngine.Start();
        try
        {
            GeneratedWebTenant(tenant, engine, exports, seed: 11);
            var runs = new RunStore(tenant.Settings.Control.ConnectionString);
            var cycle = new DataCycle(tenant.Settings, "test-node");
            var first = cycle.Execute(runs.Queue(tenant.Id, "console", null, null, null));
            Assert.IsTrue(first.Succeeded, first.Error);
            await using var session = await engine.OpenSessionAsync();
            var sessions = Convert.ToInt64((await session.QueryAsync($"SELECT COUNT(*) FROM bfw_{tenant.Id.Value}.web_sessions")).Rows.Single()[0]);
            Assert.IsGreaterThan(1000L, sessions, "the first run published sessions");

            // Every opportunity gone from the export: canonicalize refuses to empty cn_opportunities.
            using (var c = tenant.Open()) c.Execute("DELETE FROM raw_opportunity");
            var failed = cycle.Execute(runs.Queue(tenant.Id, "console", CycleSteps.Canonicalize, null, null));
            Assert.AreEqual(RunStatus.Failed, failed.Status, failed.Error);
            StringAssert.Contains(failed.Error, "cn_opportunities");
            Assert.IsNull(runs.Steps(failed.RunId).FirstOrDefault(s => s.Step == CycleSteps.Web), "the run never reached its web step");

            var leftovers = await new ClusterAttribution(tenant.Id).RunDatabasesAsync(session);
            Assert.IsFalse(leftovers.Any(db => db.EndsWith($"_run{failed.RunId}_web", StringComparison.Ordinal)),
                $"the failed run's web database is gone: {string.Join(", ", leftovers)}");
            Assert.AreEqual(sessions, Convert.ToInt64((await session.QueryAsync($"SELECT COUNT(*) FROM bfw_{tenant.Id.Value}.web_sessions")).Rows.Single()[0]),
                "the sessions in force are the first run's");

            // A run of the web step alone starts the lake's half with the step, and says so.
            var webOnly = cycle.Execute(runs.Queue(tenant.Id, "console", null, CycleSteps.Web, null));
            Assert.IsTrue(webOnly.Succeeded, webOnly.Error);
            StringAssert.Contains(runs.Steps(webOnly.RunId).Single(s => s.Step == CycleSteps.Web).Detail, "started with this step");
        }
        finally
        {
            exports.Delete(recursive: true);
        }
    }

    /// <summary>A generated S tenant with web activity on the engine, web touches on, its spool imported (not yet shipped).</summary>
    static WebActivityReport GeneratedWebTenant(TestTenant tenant, TestEngine engine, DirectoryInfo exports, int seed)
    {
        tenant.Settings.ExportsRoot = exports.FullName;
        tenant.Settings.Impala = engine.OffloadSettings();
        tenant.Settings.Events.SpoolRoot = Path.Combine(exports.FullName, "spool");
        var web = TenantDataGenerator.Generate(
            new GenerationOptions(GeneratorSize.S, seed, Path.Combine(exports.FullName, tenant.Id.Value), WebActivity: true)).Web!;
        new TenantConfigStore(tenant.Settings.Control.ConnectionString).Save(tenant.Id, new TenantConfig { Engine = "impala", WebTouches = "on" });
        var imported = new SpoolImport(new SpoolFolder(tenant.Settings.Events.SpoolRoot)).Import(tenant.Id, web.EventsFolder);
        Assert.AreEqual(web.Events, imported.Events);
        return web;
    }

    static SessionRow Row(string visitor, long start, string channel, string campaign, string? person) => new(visitor, start, channel, campaign, person);

    sealed record SessionRow(string Visitor, long Start, string Channel, string Campaign, string? Person);
}
