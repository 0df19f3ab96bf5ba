using System.Globalization;
using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Tests.Impala;
using Dapper;
using MySql.Data.MySqlClient;
using static BrightFunnel.Warehouse.Tests.CanonicalRows;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Tests.Attribution;

/// <summary>
/// Position models as rows on the Impala offload (migration 0012): the cluster's pairs keep their
/// slot, each run keeps the position models it was built with (<c>at_position_weights_r{run}</c>,
/// published and dropped with the run's other tables), and the invariant, the build counts and the
/// aggregates take every position model from there. The models here are position models the SQL
/// has never heard of: each is one row of <c>at_models</c>, and every expected value is computed
/// by hand from docs/attribution.md. Reads the cluster directly, so it checks the offload's own
/// tables, not a reader of them.
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class ImpalaPositionModelTests
{
    TestTenant tenant = null!;
    TestEngine engine = null!;
    long run;

    [TestInitialize]
    public void Setup()
    {
        tenant = new TestTenant();
        engine = TestEngine.Start();
    }

    [TestCleanup]
    public async Task Cleanup()
    {
        await engine.DisposeAsync();
        tenant.Dispose();
    }

    string Database => $"bfw_{tenant.Id.Value}";

    /// <summary>The published views and the run tables they point at.</summary>
    static string[] ViewsAndTablesOf(long run) => [.. ClusterAttribution.Views, .. ClusterAttribution.Views.Select(v => ClusterAttribution.RunTable(v, run))];

    /// <summary>
    /// Two new position models (late_heavy F 0.1 M 0.3 L 0.6; ends_only 0.5, 0, 0.5) and one that
    /// is not enabled, next to linear; three opportunities with paths of 4 (pipeline) and 5
    /// (revenue) touches, of 1, and of 2.
    /// </summary>
    void Load()
    {
        using var c = tenant.Open();
        TenantSettingsWriter.Write(c, new TenantConfigVersion(1, new TenantConfig { Models = ["linear", "late_heavy", "ends_only"] }, DateTime.UtcNow, "test"));
        tenant.AddPositionModel("late_heavy", 0.1, 0.3, 0.6);
        tenant.AddPositionModel("ends_only", 0.5, 0, 0.5);
        tenant.AddPositionModel("not_enabled", 0.3, 0.4, 0.3);
        // Opportunity 1 (account A, 1000): pipeline t1–t4 (campaigns 1–4), revenue t1–t5.
        Person(c, "1", "A", "2020-03-01");
        Person(c, "2", "A", "2020-05-15");
        Touch(c, "1", "1", "1", "2020-01-10");
        Touch(c, "2", "2", "1", "2020-03-05");
        Touch(c, "3", "3", "2", "2020-05-01");
        Touch(c, "4", "4", "2", "2020-06-30");
        Touch(c, "5", "5", "1", "2020-08-01");
        Opportunity(c, "1", "A", 1000m, "2020-06-30", "2020-09-30", won: true);
        // Opportunity 2 (account B, 500, open): one touch, campaign 6.
        Person(c, "3", "B", "2020-01-01");
        Touch(c, "6", "6", "3", "2020-02-01");
        Opportunity(c, "2", "B", 500m, "2020-03-01", null, won: false);
        // Opportunity 3 (account C, 700, open): two touches, campaigns 7 then 8.
        Person(c, "4", "C", "2020-01-01");
        Touch(c, "7", "7", "4", "2020-02-01");
        Touch(c, "8", "8", "4", "2020-02-10");
        Opportunity(c, "3", "C", 700m, "2020-03-01", null, won: false);
    }

    OffloadReport Attribute(string? sqlRoot = null) =>
        new ImpalaAttributionEngine(tenant.Id, ++run, tenant.ConnectionString, engine.OffloadSettings(), sqlRoot ?? tenant.Settings.SqlRoot).Offload();

    /// <summary>The aggregate step's pair-grain work on the cluster for the one scope 'all', copied back into the an_*_work tables.</summary>
    void Aggregate()
    {
        using var c = tenant.Open();
        c.Execute("""
            DROP TABLE IF EXISTS an_filter_scopes_next;
            CREATE TABLE an_filter_scopes_next LIKE an_filter_scopes;
            INSERT INTO an_filter_scopes_next (filter_name, opportunity_id) SELECT 'all', opportunity_id FROM cn_opportunities
            """);
        new ImpalaAttributionEngine(tenant.Id, ++run, tenant.ConnectionString, engine.OffloadSettings(), tenant.Settings.SqlRoot)
            .AnalyticsWork().Build(c, CancellationToken.None);
        c.Execute("DROP TABLE an_filter_scopes_next");
    }

    IReadOnlyList<object?[]> Query(string sql)
    {
        var session = engine.OpenSessionAsync().GetAwaiter().GetResult();
        try { return session.QueryAsync(sql).GetAwaiter().GetResult().Rows; }
        finally { session.DisposeAsync().AsTask().GetAwaiter().GetResult(); }
    }

    IReadOnlyList<string> ClusterTables()
    {
        var session = engine.OpenSessionAsync().GetAwaiter().GetResult();
        try { return new ClusterAttribution(tenant.Id).TablesAsync(session).GetAwaiter().GetResult(); }
        finally { session.DisposeAsync().AsTask().GetAwaiter().GetResult(); }
    }

    static double D(object? value) => Convert.ToDouble(value, CultureInfo.InvariantCulture);

    /// <summary>(model → its six slot weights) of the tenant's cluster view at_position_weights.</summary>
    Dictionary<string, double[]> PositionWeights() =>
        Query($"SELECT model, only_weight, first_of_two_weight, last_of_two_weight, first_weight, middle_weight, last_weight FROM {Database}.at_position_weights")
            .ToDictionary(r => (string)r[0]!, r => r.Skip(1).Select(D).ToArray());

    static void AssertWeights(double[] expected, double[] actual, string model)
    {
        Assert.HasCount(expected.Length, actual, model);
        for (var i = 0; i < expected.Length; i++) Assert.AreEqual(expected[i], actual[i], 1e-12, $"{model} weight {i}");
    }

    [TestMethod]
    public void ThePairsKeepTheirSlotAndTheRunTheSlotWeightsOfItsEnabledPositionModels()
    {
        Load();
        var report = Attribute();

        // The cluster's at_paths: MySQL's columns in MySQL's order (0012), touch_day for touch_date.
        CollectionAssert.AreEqual(new[]
        {
            "opportunity_id", "stage", "touch_id", "campaign_id", "person_id", "touch_day", "position", "touch_count", "amount", "milestones",
            "position_slot", "position_slot_share",
            "share_first_touch", "share_last_touch", "share_linear", "share_w_shaped", "share_full_path", "share_time_decay",
        }, Query($"DESCRIBE {Database}.at_paths").Select(r => (string)r[0]!).ToArray());

        var slots = Query($"SELECT opportunity_id, stage, `position`, position_slot, position_slot_share FROM {Database}.at_paths")
            .ToDictionary(r => $"{((string)r[0]!)[3]} {r[1]} t{r[2]}", r => (Slot: Convert.ToInt32(r[3], CultureInfo.InvariantCulture), Share: D(r[4])));
        var expected = new Dictionary<string, (int Slot, double Share)>
        {
            ["1 pipeline t1"] = (4, 1), ["1 pipeline t2"] = (5, .5), ["1 pipeline t3"] = (5, .5), ["1 pipeline t4"] = (6, 1),
            ["1 revenue t1"] = (4, 1), ["1 revenue t2"] = (5, 1 / 3.0), ["1 revenue t3"] = (5, 1 / 3.0), ["1 revenue t4"] = (5, 1 / 3.0), ["1 revenue t5"] = (6, 1),
            ["2 pipeline t1"] = (1, 1),
            ["3 pipeline t1"] = (2, 1), ["3 pipeline t2"] = (3, 1),
        };
        CollectionAssert.AreEquivalent(expected.Keys.ToList(), slots.Keys.ToList());
        foreach (var (pair, (slot, share)) in expected)
        {
            Assert.AreEqual(slot, slots[pair].Slot, pair);
            Assert.AreEqual(share, slots[pair].Share, 1e-15, pair);
        }

        // Only the enabled position models, with N = 1 → 1; N = 2 → F/(F+L), L/(F+L); N ≥ 3 → F, M, L.
        var weights = PositionWeights();
        CollectionAssert.AreEquivalent(new[] { "late_heavy", "ends_only" }, weights.Keys.ToList());
        AssertWeights([1, .1 / .7, .6 / .7, .1, .3, .6], weights["late_heavy"], "late_heavy");
        AssertWeights([1, .5, .5, .5, 0, .5], weights["ends_only"], "ends_only");

        // at_build_info's credit rows: linear's 12 shares, and 12 per position model.
        Assert.AreEqual((12L, 36L), (report.PathRows, report.CreditRows));
        using var c = tenant.Open();
        Assert.AreEqual(36L, c.ExecuteScalar<long>("SELECT credit_rows FROM at_build_info"));
    }

    [TestMethod]
    public void TheAggregatesCreditANewPositionModelFromTheSlotsWithTheWeightsTheAttributionWasBuiltWith()
    {
        Load();
        Attribute();
        Aggregate();
        using var c = tenant.Open();
        Dictionary<string, (double Amount, double Opportunities)> Work(string table, string key, string model) =>
            c.Query<(string Stage, string Key, double Amount, double Opportunities)>(
                    $"SELECT stage, {key}, attributed_amount, attributed_opportunities FROM {table} WHERE filter_name = 'all' AND model = @model",
                    new { model })
                .ToDictionary(r => $"{r.Stage} {r.Key}", r => (r.Amount, r.Opportunities));
        static void AssertRows(Dictionary<string, (double Amount, double Opportunities)> actual, params (string Key, double Amount, double Opportunities)[] expected)
        {
            CollectionAssert.AreEquivalent(expected.Select(e => e.Key).ToList(), actual.Keys.ToList(), string.Join(", ", actual.Keys));
            foreach (var (key, amount, opportunities) in expected)
            {
                Assert.AreEqual(amount, actual[key].Amount, 1e-9, key);
                Assert.AreEqual(opportunities, actual[key].Opportunities, 1e-12, key);
            }
        }
        string Campaign(string key) => Id("701", key);

        // late_heavy by campaign: opportunity 1 pipeline 0.1, 0.3/2, 0.3/2, 0.6 of 1000; revenue 0.1,
        // 0.3/3 × 3, 0.6; opportunity 2 all of 500; opportunity 3 0.1/0.7 and 0.6/0.7 of 700.
        AssertRows(Work("an_credit_work", "campaign_id", "late_heavy"),
            ($"pipeline {Campaign("1")}", 100, .1), ($"pipeline {Campaign("2")}", 150, .15), ($"pipeline {Campaign("3")}", 150, .15),
            ($"pipeline {Campaign("4")}", 600, .6), ($"pipeline {Campaign("6")}", 500, 1), ($"pipeline {Campaign("7")}", 100, 1 / 7.0),
            ($"pipeline {Campaign("8")}", 600, 6 / 7.0),
            ($"revenue {Campaign("1")}", 100, .1), ($"revenue {Campaign("2")}", 100, .1), ($"revenue {Campaign("3")}", 100, .1),
            ($"revenue {Campaign("4")}", 100, .1), ($"revenue {Campaign("5")}", 600, .6));
        // A position model always has a row per group, even where its weight gives the group 0.
        AssertRows(Work("an_credit_work", "campaign_id", "ends_only"),
            ($"pipeline {Campaign("1")}", 500, .5), ($"pipeline {Campaign("2")}", 0, 0), ($"pipeline {Campaign("3")}", 0, 0),
            ($"pipeline {Campaign("4")}", 500, .5), ($"pipeline {Campaign("6")}", 500, 1), ($"pipeline {Campaign("7")}", 350, .5),
            ($"pipeline {Campaign("8")}", 350, .5),
            ($"revenue {Campaign("1")}", 500, .5), ($"revenue {Campaign("2")}", 0, 0), ($"revenue {Campaign("3")}", 0, 0),
            ($"revenue {Campaign("4")}", 0, 0), ($"revenue {Campaign("5")}", 500, .5));
        // Every path's shares sum to 1 per account; pipeline quarters: 2020 Q1 holds opportunities 2 and 3, Q2 opportunity 1.
        AssertRows(Work("an_account_credit_work", "account_id", "late_heavy"),
            ($"pipeline {Id("001", "A")}", 1000, 1), ($"pipeline {Id("001", "B")}", 500, 1), ($"pipeline {Id("001", "C")}", 700, 1),
            ($"revenue {Id("001", "A")}", 1000, 1));
        AssertRows(Work("an_quarter_credit_work", "CONCAT(fiscal_year, ' Q', fiscal_quarter)", "ends_only"),
            ("pipeline 2020 Q1", 1200, 2), ("pipeline 2020 Q2", 1000, 1), ("revenue 2020 Q3", 1000, 1));
        // Per campaign and quarter: ends_only's campaign credits above, each in its opportunity's quarter.
        AssertRows(Work("an_campaign_quarter_credit_work", "CONCAT(campaign_id, ' ', fiscal_year, ' Q', fiscal_quarter)", "ends_only"),
            ($"pipeline {Campaign("1")} 2020 Q2", 500, .5), ($"pipeline {Campaign("2")} 2020 Q2", 0, 0), ($"pipeline {Campaign("3")} 2020 Q2", 0, 0),
            ($"pipeline {Campaign("4")} 2020 Q2", 500, .5), ($"pipeline {Campaign("6")} 2020 Q1", 500, 1), ($"pipeline {Campaign("7")} 2020 Q1", 350, .5),
            ($"pipeline {Campaign("8")} 2020 Q1", 350, .5),
            ($"revenue {Campaign("1")} 2020 Q3", 500, .5), ($"revenue {Campaign("2")} 2020 Q3", 0, 0), ($"revenue {Campaign("3")} 2020 Q3", 0, 0),
            ($"revenue {Campaign("4")} 2020 Q3", 0, 0), ($"revenue {Campaign("5")} 2020 Q3", 500, .5));
        // Influence per campaign and quarter: each touched opportunity's amount once, in its quarter.
        CollectionAssert.AreEquivalent(
            new[] { $"pipeline {Campaign("1")} 2020 Q2 1000", $"revenue {Campaign("1")} 2020 Q3 1000", $"pipeline {Campaign("6")} 2020 Q1 500", $"pipeline {Campaign("7")} 2020 Q1 700", $"revenue {Campaign("5")} 2020 Q3 1000" },
            c.Query<string>($"SELECT CONCAT(stage, ' ', campaign_id, ' ', fiscal_year, ' Q', fiscal_quarter, ' ', ROUND(influenced_amount)) FROM an_campaign_quarter_influence_work WHERE filter_name = 'all' AND campaign_id IN ('{Campaign("1")}', '{Campaign("6")}', '{Campaign("7")}', '{Campaign("5")}')").ToList());
        // The stored models keep their rows (linear: 1/4 of opportunity 1 to campaign 2), and a model
        // that is not enabled has none, position or not.
        AssertRows(Work("an_credit_work", "campaign_id", "linear").Where(r => r.Key == $"pipeline {Campaign("2")}").ToDictionary(),
            ($"pipeline {Campaign("2")}", 250, .25));
        Assert.AreEqual(0L, c.ExecuteScalar<long>(
            "SELECT COUNT(*) FROM an_credit_work WHERE model NOT IN ('linear', 'late_heavy', 'ends_only')"), "only the enabled models have rows");

        // A weight changed after the attribution changes nothing until the next attribute run.
        c.Execute("UPDATE at_models SET first_weight = 0.2, middle_weight = 0.2, last_weight = 0.6 WHERE model = 'late_heavy'");
        Aggregate();
        Assert.AreEqual(100, Work("an_credit_work", "campaign_id", "late_heavy")[$"pipeline {Campaign("1")}"].Amount, 1e-9);
        Attribute();
        Aggregate();
        Assert.AreEqual(200, Work("an_credit_work", "campaign_id", "late_heavy")[$"pipeline {Campaign("1")}"].Amount, 1e-9);
        Assert.AreEqual(100, Work("an_credit_work", "campaign_id", "late_heavy")[$"pipeline {Campaign("2")}"].Amount, 1e-9);
    }

    [TestMethod]
    public void WithoutAnEnabledPositionModelTheRunHasNoPositionWeightsAndOnlyItsStoredModelsAreCredited()
    {
        Load();
        using (var c = tenant.Open())
            c.Execute("DELETE FROM cfg_tenant_list WHERE list_name = 'models' AND value <> 'linear'");
        var report = Attribute();
        Assert.IsEmpty(PositionWeights());
        Assert.AreEqual((12L, 12L), (report.PathRows, report.CreditRows), "linear's shares only");
        Aggregate();
        using var work = tenant.Open();
        CollectionAssert.AreEquivalent(new[] { "linear" },
            work.Query<string>("SELECT DISTINCT model FROM an_credit_work UNION SELECT DISTINCT model FROM an_account_credit_work UNION SELECT DISTINCT model FROM an_quarter_credit_work").ToList());
        Assert.AreEqual(1200, work.ExecuteScalar<double>(
            "SELECT attributed_amount FROM an_quarter_credit_work WHERE stage = 'pipeline' AND fiscal_year = 2020 AND fiscal_quarter = 1"), 1e-9);
    }

    [TestMethod]
    public void EachRunPublishesItsPositionWeightsWithItsPairsAndDropsThePreviousRunsWithTheirs()
    {
        Load();
        Attribute();
        var first = run;
        CollectionAssert.AreEquivalent(ViewsAndTablesOf(first), ClusterTables().ToList());
        // What a crashed run would leave: a position weights table of a run the views never pointed at.
        var session = engine.OpenSessionAsync().GetAwaiter().GetResult();
        try
        {
            session.ExecuteNonQueryAsync($"CREATE TABLE {Database}.at_position_weights_r999 STORED AS PARQUET AS SELECT * FROM {Database}.at_position_weights_r{first}")
                .GetAwaiter().GetResult();
            CollectionAssert.AreEquivalent(new[] { "at_position_weights_r999" },
                new ClusterAttribution(tenant.Id).StaleRunTablesAsync(session, [first]).GetAwaiter().GetResult().ToList());
        }
        finally { session.DisposeAsync().AsTask().GetAwaiter().GetResult(); }

        using (var c = tenant.Open())
            c.Execute("UPDATE at_models SET first_weight = 0.2, middle_weight = 0.2, last_weight = 0.6 WHERE model = 'late_heavy'");
        Attribute();
        var second = run;
        CollectionAssert.AreEquivalent(ViewsAndTablesOf(second), ClusterTables().ToList(), "the previous run's tables and the crashed run's are dropped");
        AssertWeights([1, .25, .75, .2, .2, .6], PositionWeights()["late_heavy"], "the view reads the new run's weights");
    }

    [TestMethod]
    public void APositionModelWhoseSharesDoNotSumToOneFailsTheInvariantByNameAndTheRunsWeightsAreDropped()
    {
        Load();
        Attribute();
        var before = run;
        var broken = Directory.CreateTempSubdirectory("bfw-sql-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(tenant.Settings.SqlRoot, "*.sql", SearchOption.AllDirectories))
            {
                var target = Path.Combine(broken, Path.GetRelativePath(tenant.Settings.SqlRoot, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
            // Doubles every middle weight: only late_heavy has one, so only its paths of N ≥ 3 break.
            var script = Path.Combine(broken, "impala", "attribute", "at_position_weights.sql");
            var sql = File.ReadAllText(script);
            StringAssert.Contains(sql, "w.middle_weight, w.last_weight");
            File.WriteAllText(script, sql.Replace("w.middle_weight, w.last_weight", "w.middle_weight * 2 AS middle_weight, w.last_weight"));

            var e = Assert.ThrowsExactly<AttributionInvariantException>(() => Attribute(broken));
            StringAssert.Contains(e.Message, $"shares of opportunity {Id("006", "1")} (pipeline, late_heavy) sum to "); // 0.1 + 0.6 + 0.6
        }
        finally
        {
            Directory.Delete(broken, true);
        }
        CollectionAssert.AreEquivalent(ViewsAndTablesOf(before), ClusterTables().ToList(), "the failed run's tables are dropped, its position weights with them");
        AssertWeights([1, .1 / .7, .6 / .7, .1, .3, .6], PositionWeights()["late_heavy"], "the attribution in force keeps its weights");
    }

    [TestMethod]
    public void AnAttributionWithoutItsPositionWeightsOnTheClusterIsMissingAndNamesTheRerun()
    {
        Load();
        Attribute();
        var session = engine.OpenSessionAsync().GetAwaiter().GetResult();
        try
        {
            // An attribution published before position slots had no such view.
            session.ExecuteNonQueryAsync($"DROP VIEW {Database}.at_position_weights").GetAwaiter().GetResult();
            var e = Assert.ThrowsExactly<ClusterAttributionMissingException>(() =>
                new ClusterAttribution(tenant.Id).RequireAttributionAsync(session).GetAwaiter().GetResult());
            StringAssert.Contains(e.Message, $"{Database}.at_position_weights missing");
            StringAssert.Contains(e.Message, $"bfw run {tenant.Id.Value} --from attribute");
        }
        finally { session.DisposeAsync().AsTask().GetAwaiter().GetResult(); }
        Assert.ThrowsExactly<ClusterAttributionMissingException>(Aggregate);
    }
}
