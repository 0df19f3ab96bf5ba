using BrightFunnel.Warehouse.Generation;
using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Abm;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Engines.MySql;
using BrightFunnel.Warehouse.Orchestrator.Filters;
using BrightFunnel.Warehouse.Orchestrator.Ingest;
using BrightFunnel.Warehouse.Testing;
using BrightFunnel.Warehouse.Tests.Impala;
using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Tests.Abm;

/// <summary>
/// A generated size-S tenant with <c>--abm</c> (planted engagement bursts, docs/abm.md): its target
/// file makes a list that reports the one unknown domain, and the engage step finds every planted
/// spike, on both engines, which agree on every spike, cause, listed account's week and journey row.
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class PlantedSpikesTests
{
    [TestMethod]
    public async Task EveryPlantedBurstIsASpikeOnBothEnginesAndTheTargetFilesUnknownDomainIsReported()
    {
        using var tenant = new TestTenant();
        await using var engine = TestEngine.Start();
        var folder = Directory.CreateTempSubdirectory("bfw-abm-").FullName;
        try
        {
            TenantDataGenerator.Generate(new GenerationOptions(GeneratorSize.S, 11, folder, Abm: true));
            var config = new TenantConfig { RevenueField = "ARR__c" };
            new ExportIngestor(tenant.ConnectionString, config).IngestFolder(folder);
            using var c = tenant.Open();
            TenantSettingsWriter.Write(c, new TenantConfigVersion(1, config, DateTime.UtcNow, "test"));
            CanonicalizeStep.Build(tenant.ConnectionString);
            MatchStep.Match(tenant.ConnectionString);
            c.Execute("CALL at_build_person_accounts()");
            c.Execute("RENAME TABLE at_person_accounts TO at_person_accounts_old, at_person_accounts_next TO at_person_accounts");
            c.Execute("DROP TABLE at_person_accounts_old");

            var file = Path.Combine(folder, AbmData.TargetAccountsFile);
            var targets = new TargetList("Targets", null, Path.GetFileName(file), TargetListFile.Read(file));
            var dates = RelativeDates.ForTenant(DateTime.UtcNow, "UTC", 1);
            var evaluation = TargetListEvaluation.Evaluate(c, [targets], dates).Single();
            Assert.AreEqual(AbmData.UnmatchedDomain, evaluation.Unmatched.Single().Value, "the one unknown domain is reported");
            Assert.AreEqual(targets.Entries.Count - 1, evaluation.Accounts, "every other entry is an account");

            var planted = AbmData.ReadSpikes(folder).Select(s => (s.AccountId, s.WeekStart)).ToList();
            Assert.IsGreaterThan(5, planted.Count, "the generator planted bursts");
            var results = new List<IReadOnlyList<string>>();
            foreach (var (work, run) in new (IEngagementWork, long)[] {
                (new MySqlEngagementWork(), 1),
                (new ImpalaEngagementWork(tenant.Id, tenant.ConnectionString, engine.OffloadSettings(), EngineScripts.Engage(tenant.Settings.SqlRoot)), 2) })
            {
                // As in a cycle: the attribute step publishes the touches, people and person accounts the cluster reduces.
                if (work is ImpalaEngagementWork)
                    new ImpalaAttributionEngine(tenant.Id, run, tenant.ConnectionString, engine.OffloadSettings(), tenant.Settings.SqlRoot).Offload();
                TargetListEvaluation.Write(c, [targets], dates);
                EngageStep.Engage(c, tenant.ConnectionString, work, run, DateOnly.FromDateTime(DateTime.UtcNow), CancellationToken.None);
                var recovery = SpikeRecovery.Measure(tenant.ConnectionString, planted);
                System.Console.WriteLine($"{work.GetType().Name}: {recovery}");
                Assert.AreEqual(planted.Count, recovery.Found, $"every planted burst is a spike ({work.GetType().Name}): {recovery}");
                results.Add(Shown(c));
            }
            Assert.IsGreaterThan(1000, results[0].Count);
            var differences = results[0].Except(results[1]).Take(5).Concat(results[1].Except(results[0]).Take(5)).ToList();
            Assert.AreEqual(0, differences.Count, "the engines differ:\n" + string.Join("\n", differences));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    /// <summary>
    /// What the engage step shows, one line per row, doubles to 6 decimals (the engines sum in their
    /// own order): every spike and cause, and the listed accounts' weeks, channels, rows and journeys.
    /// </summary>
    static IReadOnlyList<string> Shown(MySqlConnection c)
    {
        string[] queries =
        [
            "SELECT 'spike', account_id, week_start, ROUND(score, 6), ROUND(trailing_mean, 6), ROUND(trailing_sd, 6), people, top_channel FROM an_account_spikes",
            "SELECT 'cause', account_id, week_start, cause_kind, cause, ROUND(points, 6) FROM an_account_spike_causes",
            "SELECT 'week', account_id, week_start, people_engaged, campaign_touches, web_sessions, page_views, new_leads, new_contacts, opps_opened, pipeline_opened, ROUND(points, 6), ROUND(score, 6), ROUND(trailing_mean, 6), ROUND(trailing_sd, 6), is_spike FROM an_target_account_weeks",
            "SELECT 'channel', w.account_id, w.week_start, w.kind, w.channel, w.events, w.page_views, ROUND(w.points, 6) FROM an_account_week_channels w WHERE w.account_id IN (SELECT account_id FROM an_target_accounts)",
            "SELECT 'target', list_name, account_id, ROUND(score, 6), trend, engaged_this_quarter, open_pipeline, won_revenue, latest_spike_week, ROUND(latest_spike_score, 6) FROM an_target_accounts",
            "SELECT 'list', list_name, accounts, unmatched_entries, engaged_this_quarter, quarter_label FROM an_abm_lists",
            "SELECT 'journey', account_id, ROW_NUMBER() OVER (PARTITION BY account_id ORDER BY event_date, kind_order, person_id, label_order, id), event_date, kind, person_id, label, channel, events, amount FROM an_account_journey",
        ];
        return queries.SelectMany(q => c.Query(q).Select(row => string.Join("|", ((IDictionary<string, object?>)row).Values))).ToList();
    }
}
