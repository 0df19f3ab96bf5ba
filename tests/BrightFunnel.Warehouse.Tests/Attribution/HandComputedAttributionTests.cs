using BrightFunnel.Warehouse.Console;
using BrightFunnel.Warehouse.Orchestrator;
using Dapper;
using MySql.Data.MySqlClient;
using static BrightFunnel.Warehouse.Tests.CanonicalRows;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Explain;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Tests.Attribution;

/// <summary>
/// An attribution engine on a tenant whose every share was computed by hand from
/// docs/attribution.md. Canonical rows are written directly so each case is exact. Every
/// engine runs the same cases: <see cref="StoredProcedureAttributionTests"/> and
/// <see cref="ImpalaOffloadAttributionTests"/>.
/// </summary>
public abstract class HandComputedAttributionTests
{
    protected TestTenant tenant = null!;

    [TestInitialize]
    public void SetupTenant() => tenant = new TestTenant();

    [TestCleanup]
    public void CleanupTenant() => tenant.Dispose();

    /// <summary>Runs the engine's attribute step on <see cref="tenant"/>.</summary>
    protected abstract void Attribute();

    /// <summary>Where the engine's pairs are read from: the tenant database, or the cluster.</summary>
    protected virtual ImpalaSettings Impala => new();

    /// <summary>The pairs as built, read from wherever the engine keeps them.</summary>
    protected IReadOnlyList<AttributionPair> Pairs() =>
        new AttributionPairs(tenant.ConnectionString, Impala).ReadAsync(tenant.Id).GetAwaiter().GetResult();

    protected void Load(Action<MySqlConnection> fill, TenantConfig? config = null)
    {
        using var c = tenant.Open();
        TenantSettingsWriter.Write(c, new TenantConfigVersion(1, config ?? new TenantConfig(), DateTime.UtcNow, "test"));
        fill(c);
        Attribute();
    }

    Dictionary<string, double> Shares(string opp, string stage, string model) =>
        Pairs().Where(p => p.OpportunityId == Id("006", opp) && p.Stage == stage && p.Shares[model] is not null)
            .ToDictionary(p => p.TouchId.TrimEnd('0')[3..], p => p.Shares[model]!.Value);

    static void AssertShares(Dictionary<string, double> actual, params (string touch, double share)[] expected)
    {
        Assert.HasCount(expected.Count(e => e.share != 0), actual.Where(a => a.Value != 0).ToList(), string.Join(", ", actual));
        foreach (var (touch, share) in expected)
            Assert.AreEqual(share, actual.GetValueOrDefault(touch), 1e-12, $"touch {touch}");
    }

    /// <summary>
    /// One won opportunity on account A (created 2020-06-30, closed 2020-09-30, amount 1000) with
    /// five touches by two people; pipeline counts t1–t4, revenue t1–t5.
    /// </summary>
    protected void LoadJourney(TenantConfig? config = null) => Load(c =>
    {
        Person(c, "1", "A", "2020-03-01");
        Person(c, "2", "A", "2020-05-15");
        Touch(c, "1", "1", "1", "2020-01-10"); // before person 1 was created
        Touch(c, "2", "2", "1", "2020-03-05"); // lead creation: first touch on/after its person's creation
        Touch(c, "3", "3", "2", "2020-05-01");
        Touch(c, "4", "4", "2", "2020-06-30"); // the opportunity's created date: counts in pipeline
        Touch(c, "5", "5", "1", "2020-08-01"); // after creation: revenue only
        Opportunity(c, "1", "A", 1000m, "2020-06-30", "2020-09-30", won: true);
    }, config);

    [TestMethod]
    public void SingleTouchAndPositionModelsInThePipelineStage()
    {
        LoadJourney();
        AssertShares(Shares("1", "pipeline", "first_touch"), ("1", 1));
        AssertShares(Shares("1", "pipeline", "last_touch"), ("4", 1));
        AssertShares(Shares("1", "pipeline", "linear"), ("1", .25), ("2", .25), ("3", .25), ("4", .25));
        AssertShares(Shares("1", "pipeline", "u_shaped"), ("1", .4), ("2", .1), ("3", .1), ("4", .4));
        AssertShares(Shares("1", "pipeline", "j_shaped"), ("1", .2), ("2", .1), ("3", .1), ("4", .6));
        AssertShares(Shares("1", "pipeline", "inverse_j"), ("1", .6), ("2", .1), ("3", .1), ("4", .2));
        AssertShares(Shares("1", "pipeline", "custom_xyx"), ("1", .3), ("2", .2), ("3", .2), ("4", .3));
    }

    [TestMethod]
    public void MilestoneModelsInBothStages()
    {
        LoadJourney();
        // Pipeline: first = t1, lead creation = t2, opportunity creation = tN = t4; t3 alone shares 0.1.
        AssertShares(Shares("1", "pipeline", "w_shaped"), ("1", .3), ("2", .3), ("3", .1), ("4", .3));
        AssertShares(Shares("1", "pipeline", "full_path"), ("1", .3), ("2", .3), ("3", .1), ("4", .3));
        // Revenue: opportunity creation = t4 (last on/before 06-30); t3 and t5 share 0.1.
        AssertShares(Shares("1", "revenue", "w_shaped"), ("1", .3), ("2", .3), ("3", .05), ("4", .3), ("5", .05));
        // Full path revenue adds closed won = t5: four milestones of 0.225, t3 takes 0.1.
        AssertShares(Shares("1", "revenue", "full_path"), ("1", .225), ("2", .225), ("3", .1), ("4", .225), ("5", .225));
        AssertShares(Shares("1", "revenue", "u_shaped"), ("1", .4), ("2", .2 / 3), ("3", .2 / 3), ("4", .2 / 3), ("5", .4));
    }

    [TestMethod]
    public void EveryWeightIsReadFromTheModelsRow()
    {
        LoadJourney();
        using (var c = tenant.Open())
        {
            var refused = Assert.ThrowsExactly<MySqlException>(() =>
                c.Execute("UPDATE at_models SET first_weight = 0.5, middle_weight = 0.5, last_weight = 0.5 WHERE model = 'u_shaped'"));
            StringAssert.Contains(refused.Message, "ck_at_models_position_weights");
            c.Execute("UPDATE at_models SET first_weight = 0.5, middle_weight = 0.3, last_weight = 0.2 WHERE model = 'u_shaped'");
            c.Execute("UPDATE at_models SET revenue_milestone_weight = 0.2 WHERE model = 'full_path'");
        }
        Attribute();
        AssertShares(Shares("1", "pipeline", "u_shaped"), ("1", .5), ("2", .15), ("3", .15), ("4", .2));
        // Four milestones of 0.2 in revenue leave 0.2 to t3; the pipeline's weight is its own row's.
        AssertShares(Shares("1", "revenue", "full_path"), ("1", .2), ("2", .2), ("3", .2), ("4", .2), ("5", .2));
        AssertShares(Shares("1", "pipeline", "full_path"), ("1", .3), ("2", .3), ("3", .1), ("4", .3));
        AssertShares(Shares("1", "pipeline", "j_shaped"), ("1", .2), ("2", .1), ("3", .1), ("4", .6));
    }

    [TestMethod]
    public void ANewPositionModelIsOneRowOfTheModelsTable()
    {
        tenant.AddPositionModel("front_loaded", 0.7, 0.2, 0.1);
        LoadJourney(new TenantConfig { Models = [.. TenantConfig.DefaultModels, "front_loaded"] });
        AssertShares(Shares("1", "pipeline", "front_loaded"), ("1", .7), ("2", .1), ("3", .1), ("4", .1));
        AssertShares(Shares("1", "revenue", "front_loaded"), ("1", .7), ("2", .2 / 3), ("3", .2 / 3), ("4", .2 / 3), ("5", .1));
        // The models already there are unchanged by the new one.
        AssertShares(Shares("1", "pipeline", "u_shaped"), ("1", .4), ("2", .1), ("3", .1), ("4", .4));
    }

    [TestMethod]
    public void APositionModelTheTenantDoesNotUseHasNoShares()
    {
        LoadJourney(new TenantConfig { Models = ["linear", "j_shaped"] });
        var pairs = Pairs();
        Assert.IsTrue(pairs.All(p => !p.Shares.ContainsKey("u_shaped") && p.Shares["j_shaped"] is not null && p.Shares["first_touch"] is null),
            "only the enabled models give shares");
        AssertShares(Shares("1", "pipeline", "j_shaped"), ("1", .2), ("2", .1), ("3", .1), ("4", .6));
    }

    [TestMethod]
    public void TimeDecayHalvesEveryHalfLife()
    {
        LoadJourney(new TenantConfig { TimeDecayHalfLifeDays = 7 });
        // Ages in days before the pipeline anchor 2020-06-30: 172, 117, 60, 0.
        var w = new[] { 172, 117, 60, 0 }.Select(age => Math.Pow(2, -age / 7.0)).ToArray();
        AssertShares(Shares("1", "pipeline", "time_decay"),
            ("1", w[0] / w.Sum()), ("2", w[1] / w.Sum()), ("3", w[2] / w.Sum()), ("4", w[3] / w.Sum()));
        // Revenue anchor 2020-09-30: ages 264, 209, 152, 92, 60.
        var r = new[] { 264, 209, 152, 92, 60 }.Select(age => Math.Pow(2, -age / 7.0)).ToArray();
        Assert.AreEqual(r[4] / r.Sum(), Shares("1", "revenue", "time_decay")["5"], 1e-12);
    }

    [TestMethod]
    public void EveryPairRecordsTheMilestonesItHolds()
    {
        LoadJourney();
        var held = Pairs().ToDictionary(p => (p.Stage, p.TouchId.TrimEnd('0')[3..]), p => p.Milestones);
        // t1 first touch; t2 lead creation (person 1's first touch on or after its creation); t4 the last
        // touch on or before the opportunity's creation; t5 closed won, revenue only.
        var expected = new Dictionary<(string, string), int?>
        {
            [("pipeline", "1")] = 1, [("pipeline", "2")] = 2, [("pipeline", "3")] = 0, [("pipeline", "4")] = 4,
            [("revenue", "1")] = 1, [("revenue", "2")] = 2, [("revenue", "3")] = 0, [("revenue", "4")] = 4, [("revenue", "5")] = 8,
        };
        CollectionAssert.AreEquivalent(expected.ToList(), held.ToList());
    }

    /// <summary><c>bfw explain</c> on this engine's tenant: exit code, standard output and error.</summary>
    (int Code, string Output, string Error) Explain(params string[] args)
    {
        var settings = tenant.Settings;
        settings.Impala = Impala;
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = new BfwConsole(settings, output, error).Run(["explain", tenant.Id.Value, .. args]);
        return (code, output.ToString(), error.ToString());
    }

    [TestMethod]
    public void ExplainShowsTheHandComputedPathUnderEveryModelSideBySide()
    {
        LoadJourney();
        var report = new OpportunityPath(tenant.ConnectionString, Impala).Explain(tenant.Id, Id("006", "1"));
        var pipeline = report.Stages.Single(s => s.Stage == "pipeline");
        CollectionAssert.AreEqual(new[] { 1, 2, 3, 4 }, pipeline.Touches.Select(t => t.Position).ToArray());
        CollectionAssert.AreEqual(new[] { "2020-01-10", "2020-03-05", "2020-05-01", "2020-06-30" },
            pipeline.Touches.Select(t => t.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        CollectionAssert.AreEqual(new[] { "first touch", "lead creation", "", "opportunity creation" },
            pipeline.Touches.Select(t => string.Join(", ", t.Milestones!)).ToArray());
        CollectionAssert.AreEqual(TenantConfig.DefaultModels.ToArray(), pipeline.Models.ToArray(), "every enabled model, side by side");
        CollectionAssert.AreEqual(new[] { .3, .3, .1, .3 }, pipeline.Touches.Select(t => Math.Round(t.Shares["w_shaped"], 12)).ToArray());
        CollectionAssert.AreEqual(new[] { 300.0, 300, 100, 300 }, pipeline.Touches.Select(t => Math.Round(t.Credits["w_shaped"], 9)).ToArray());
        foreach (var m in pipeline.Models)
        {
            Assert.AreEqual(1, pipeline.ShareSums[m], 1e-12, m);
            Assert.AreEqual(1000, pipeline.CreditSums[m], 1e-9, m);
        }
        var revenue = report.Stages.Single(s => s.Stage == "revenue");
        Assert.AreEqual("closed won", string.Join(", ", revenue.Touches[4].Milestones!));
        Assert.AreEqual(.225, revenue.Touches[4].Shares["full_path"], 1e-12);

        var shown = Explain(Id("006", "1"), "--stage", "revenue");
        Assert.AreEqual(0, shown.Code, shown.Error);
        StringAssert.Contains(shown.Output, "revenue: 5 counted touches, amount 1,000.00");
        StringAssert.Contains(shown.Output, "closed won");
        Assert.IsFalse(shown.Output.Contains("pipeline:"), "--stage keeps one stage");
        // Time decay gives t1, 204 days before t5, about 2^-29: shown as such, not as 0.0000 beside its credit.
        var t1 = shown.Output.Split('\n').First(l => l.StartsWith("t1 ", StringComparison.Ordinal));
        StringAssert.Matches(t1, new System.Text.RegularExpressions.Regex(@" \d\.\dE-9\s*$"), t1);
    }

    [TestMethod]
    public void ExplainRefusesWhatItCannotExplainWithExitCode2()
    {
        var none = Explain(Id("006", "1"));
        Assert.AreEqual(2, none.Code, none.Output);
        StringAssert.Contains(none.Error, "has no attribution yet");

        LoadJourney();
        var unknown = Explain(Id("006", "9"));
        Assert.AreEqual(2, unknown.Code, unknown.Output);
        StringAssert.Contains(unknown.Error, $"opportunity {Id("006", "9")} is not among");
        var garbage = Explain("006'; DROP TABLE x");
        Assert.AreEqual(2, garbage.Code);
        StringAssert.Contains(garbage.Error, "is not a Salesforce id");
        Assert.AreEqual(2, Explain(Id("006", "1"), "--stage", "forecast").Code);
    }

    [TestMethod]
    public void OneAndTwoTouchPathsAndMilestoneCollisions()
    {
        Load(c =>
        {
            Person(c, "1", "A", "2020-01-01");
            Person(c, "2", "B", "2020-01-01");
            Touch(c, "1", "1", "1", "2020-02-01");
            Opportunity(c, "1", "A", 100m, "2020-03-01", null, won: false);
            Touch(c, "2", "1", "2", "2020-02-01");
            Touch(c, "3", "2", "2", "2020-02-15");
            Opportunity(c, "2", "B", 100m, "2020-03-01", null, won: false);
        });
        foreach (var model in TenantConfig.DefaultModels)
            AssertShares(Shares("1", "pipeline", model), ("1", 1));
        AssertShares(Shares("2", "pipeline", "u_shaped"), ("2", .5), ("3", .5));
        AssertShares(Shares("2", "pipeline", "j_shaped"), ("2", .25), ("3", .75));
        AssertShares(Shares("2", "pipeline", "inverse_j"), ("2", .75), ("3", .25));
        // t2 holds first and lead creation (2 × 0.3), t3 opportunity creation; no touch left for the 0.1: scaled.
        AssertShares(Shares("2", "pipeline", "w_shaped"), ("2", 2 / 3.0), ("3", 1 / 3.0));
    }

    [TestMethod]
    public void SameDayTouchesAreOrderedByIdAsPlainBytes()
    {
        // 'B' (0x42) sorts before 'a' (0x61) ordinally; a case-insensitive collation would invert them.
        var upper = "00vB".PadRight(18, '0');
        var lower = "00va".PadRight(18, '0');
        Load(c =>
        {
            Person(c, "1", "A", "2020-01-01");
            Touch(c, lower, "1", "1", "2020-02-01");
            Touch(c, upper, "2", "1", "2020-02-01");
            Opportunity(c, "1", "A", 100m, "2020-03-01", null, won: false);
        });
        var pairs = Pairs();
        Assert.AreEqual(upper, pairs.Single(p => p.Shares["first_touch"] is not null).TouchId);
        Assert.AreEqual(lower, pairs.Single(p => p.Shares["last_touch"] is not null).TouchId);
    }

    [TestMethod]
    public void LookbackWindowIsInclusiveAndUnattributedOpportunitiesAreKept()
    {
        Load(c =>
        {
            Person(c, "1", "A", "2019-01-01");
            Touch(c, "1", "1", "1", "2020-01-31"); // created - 30 days: counts
            Touch(c, "2", "2", "1", "2020-01-30"); // one day earlier: does not
            Opportunity(c, "1", "A", 100m, "2020-03-01", "2020-04-01", won: true);
            Opportunity(c, "2", "Z", 250m, "2020-03-01", "2020-04-01", won: true); // account without people
            Opportunity(c, "3", "Z", 75m, "2020-03-01", null, won: false);
        }, new TenantConfig { LookbackDays = 30 });
        AssertShares(Shares("1", "pipeline", "linear"), ("1", 1));
        var unattributed = new AttributionPairs(tenant.ConnectionString, Impala).UnattributedAsync(tenant.Id).GetAwaiter().GetResult().ToList();
        CollectionAssert.AreEqual(new[]
        {
            new UnattributedRow(Id("006", "2"), "pipeline", 250m), new UnattributedRow(Id("006", "2"), "revenue", 250m),
            new UnattributedRow(Id("006", "3"), "pipeline", 75m),
        }, unattributed);
    }

    [TestMethod]
    public void ContactRolePathsCountOnlyRoleHolders()
    {
        Load(c =>
        {
            Person(c, "1", "A", "2020-01-01");
            Person(c, "2", "A", "2020-01-01");
            Touch(c, "1", "1", "1", "2020-02-01");
            Touch(c, "2", "2", "2", "2020-02-02");
            Opportunity(c, "1", "A", 100m, "2020-03-01", null, won: false);
            c.Execute("INSERT INTO cn_opportunity_people (opportunity_id, person_id, role, is_primary) VALUES (@o, @p1, 'Buyer', 0), (@o, @p2, 'Champion', 1)",
                new { o = Id("006", "1"), p1 = Id("003", "1"), p2 = Id("003", "2") });
        }, new TenantConfig { InfluencePath = "primary_contact_role" });
        AssertShares(Shares("1", "pipeline", "linear"), ("2", 1));
    }
}
