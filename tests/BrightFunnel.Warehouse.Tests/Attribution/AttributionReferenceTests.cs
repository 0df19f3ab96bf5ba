using BrightFunnel.Warehouse.Orchestrator.Matching;
using static BrightFunnel.Warehouse.Tests.Attribution.AttributionModel;

namespace BrightFunnel.Warehouse.Tests.Attribution;

/// <summary>Hand-computed examples for every rule the reference implements.</summary>
[TestClass]
public sealed class AttributionReferenceTests
{
    const double Tolerance = 1e-12;
    static DateOnly Day(int n) => new DateOnly(2024, 1, 1).AddDays(n);

    /// <summary>A small tenant built up fluently.</summary>
    sealed class Tenant
    {
        public readonly List<RefOpportunity> Opportunities = [];
        public readonly List<RefPerson> People = [];
        public readonly List<RefTouch> Touches = [];
        public readonly List<RefOpportunityPerson> Roles = [];
        public readonly List<RefOrphanMatch> Matches = [];

        public Tenant Opportunity(string id, string? account, decimal amount, int created, int? close = null, bool won = false)
        { Opportunities.Add(new(id, account, amount, Day(created), close is { } c ? Day(c) : null, won)); return this; }
        public Tenant Person(string id, string? account, int? created = 0)
        { People.Add(new(id, account, created is { } c ? Day(c) : null)); return this; }
        public Tenant Touch(string id, string person, int day, string? campaign = null)
        { Touches.Add(new(id, campaign ?? "C" + id, person, Day(day))); return this; }
        public Tenant Role(string opportunity, string person, bool primary = false)
        { Roles.Add(new(opportunity, person, primary)); return this; }
        public Tenant Match(string lead, string account, MatchConfidence confidence)
        { Matches.Add(new(lead, account, confidence)); return this; }

        public AttributionResult Run(AttributionSettings? settings = null) =>
            AttributionReference.Compute(new AttributionInput(Opportunities, People, Touches, Roles, Matches), settings ?? new AttributionSettings());
    }

    static Dictionary<string, double> SharesOf(AttributionResult result, string model, string stage = AttributionStage.Pipeline, string opportunity = "O1") =>
        result.Credits.Where(c => c.OpportunityId == opportunity && c.Stage == stage && c.Model == model)
            .ToDictionary(c => c.TouchId, c => c.Share);

    static void AssertShares(AttributionResult result, string model, string stage, params (string Touch, double Share)[] expected)
    {
        var actual = SharesOf(result, model, stage);
        CollectionAssert.AreEquivalent(expected.Select(e => e.Touch).ToArray(), actual.Keys.ToArray(), $"{model}/{stage}: touches credited");
        foreach (var (touch, share) in expected)
            Assert.AreEqual(share, actual[touch], Tolerance, $"{model}/{stage}: share of {touch}");
    }

    /// <summary>
    /// O1 (won, amount 1000) on account A1, created day 100, closed day 150. P1 created day 20,
    /// P2 day 55. Touches: T1 P1 d10, T2 P1 d50, T3 P2 d60, T4 P2 d90, T5 P1 d120.
    /// Pipeline counts T1–T4 (anchor day 100); revenue counts T1–T5 (anchor day 150).
    /// Lead creation: T1 is before P1's created date, T2 is after it → T2.
    /// Opportunity creation: last touch on or before day 100 → T4.
    /// </summary>
    static Tenant FourTouches() => new Tenant()
        .Opportunity("O1", "A1", 1000m, created: 100, close: 150, won: true)
        .Person("P1", "A1", created: 20).Person("P2", "A1", created: 55)
        .Touch("T1", "P1", 10).Touch("T2", "P1", 50).Touch("T3", "P2", 60).Touch("T4", "P2", 90).Touch("T5", "P1", 120);

    [TestMethod]
    public void SingleTouchModels()
    {
        var r = FourTouches().Run();
        AssertShares(r, FirstTouch, "pipeline", ("T1", 1));
        AssertShares(r, LastTouch, "pipeline", ("T4", 1));
        AssertShares(r, FirstTouch, "revenue", ("T1", 1));
        AssertShares(r, LastTouch, "revenue", ("T5", 1));
    }

    [TestMethod]
    public void LinearAndPositionBasedModels()
    {
        var r = FourTouches().Run();
        AssertShares(r, Linear, "pipeline", ("T1", 0.25), ("T2", 0.25), ("T3", 0.25), ("T4", 0.25));
        AssertShares(r, Linear, "revenue", ("T1", 0.2), ("T2", 0.2), ("T3", 0.2), ("T4", 0.2), ("T5", 0.2));
        // Middle M split over N − 2 = 2 touches.
        AssertShares(r, UShaped, "pipeline", ("T1", 0.4), ("T2", 0.1), ("T3", 0.1), ("T4", 0.4));
        AssertShares(r, JShaped, "pipeline", ("T1", 0.2), ("T2", 0.1), ("T3", 0.1), ("T4", 0.6));
        AssertShares(r, InverseJ, "pipeline", ("T1", 0.6), ("T2", 0.1), ("T3", 0.1), ("T4", 0.2));
        AssertShares(r, CustomXyx, "pipeline", ("T1", 0.3), ("T2", 0.2), ("T3", 0.2), ("T4", 0.3));
        // Revenue: three middle touches.
        AssertShares(r, UShaped, "revenue", ("T1", 0.4), ("T2", 0.2 / 3), ("T3", 0.2 / 3), ("T4", 0.2 / 3), ("T5", 0.4));
        var custom = FourTouches().Run(new AttributionSettings { CustomFirstLastPercent = 25, CustomMiddlePercent = 50 });
        AssertShares(custom, CustomXyx, "revenue", ("T1", 0.25), ("T2", 0.5 / 3), ("T3", 0.5 / 3), ("T4", 0.5 / 3), ("T5", 0.25));
    }

    [TestMethod]
    public void WShapedAndFullPath()
    {
        var r = FourTouches().Run();
        // Pipeline: first T1, lead T2, opportunity T4; T3 holds none and takes the 0.1.
        AssertShares(r, WShaped, "pipeline", ("T1", 0.3), ("T2", 0.3), ("T3", 0.1), ("T4", 0.3));
        AssertShares(r, FullPath, "pipeline", ("T1", 0.3), ("T2", 0.3), ("T3", 0.1), ("T4", 0.3));
        // Revenue: same milestones (opportunity creation = T4, the last on or before day 100); T3, T5 share 0.1.
        AssertShares(r, WShaped, "revenue", ("T1", 0.3), ("T2", 0.3), ("T3", 0.05), ("T4", 0.3), ("T5", 0.05));
        // Full path revenue: four milestones of 0.225, closed won = T5; T3 takes 0.1.
        AssertShares(r, FullPath, "revenue", ("T1", 0.225), ("T2", 0.225), ("T3", 0.1), ("T4", 0.225), ("T5", 0.225));
    }

    [TestMethod]
    public void TimeDecayWithExplicitNumbers()
    {
        var r = FourTouches().Run();
        // Pipeline anchor day 100: ages 90, 50, 40, 10 days; w = 2^(−age/7), normalized.
        AssertShares(r, TimeDecay, "pipeline",
            ("T1", 0.00033884194155140844), ("T2", 0.01778969758418521), ("T3", 0.04788631481085248), ("T4", 0.9339851456634108));
        // Revenue anchor day 150: ages 140, 100, 90, 60, 30.
        AssertShares(r, TimeDecay, "revenue",
            ("T1", 1.7632726609451352e-05), ("T2", 0.0009257439398751755), ("T3", 0.0024919178940124706),
            ("T4", 0.04860291100732263), ("T5", 0.9479617944321802));

        // Ages 14, 7, 0 with H = 7: weights 1/4, 1/2, 1 → 1/7, 2/7, 4/7. With H = 14: 1/2, 1/√2, 1.
        var t = new Tenant().Opportunity("O1", "A1", 700m, created: 30).Person("P", "A1")
            .Touch("a", "P", 16).Touch("b", "P", 23).Touch("c", "P", 30);
        AssertShares(t.Run(), TimeDecay, "pipeline", ("a", 1.0 / 7), ("b", 2.0 / 7), ("c", 4.0 / 7));
        var sum = 0.5 + Math.Sqrt(0.5) + 1;
        AssertShares(t.Run(new AttributionSettings { HalfLifeDays = 14 }), TimeDecay, "pipeline", ("a", 0.5 / sum), ("b", Math.Sqrt(0.5) / sum), ("c", 1 / sum));
        Assert.AreEqual(400.0, t.Run().Credits.Single(c => c.Model == TimeDecay && c.TouchId == "c").Amount, 1e-9);
    }

    [TestMethod]
    public void OneTouchTakesEverything()
    {
        var r = new Tenant().Opportunity("O1", "A1", 500m, created: 10, close: 20, won: true).Person("P", "A1", created: 0)
            .Touch("T", "P", 5).Run();
        foreach (var model in All)
            foreach (var stage in new[] { "pipeline", "revenue" })
                AssertShares(r, model, stage, ("T", 1));
        Assert.IsTrue(r.Credits.All(c => c.Amount == 500.0));
    }

    [TestMethod]
    public void TwoTouches()
    {
        // P created day 0, touches day 2 and day 5, opportunity created day 5, closed day 9.
        var r = new Tenant().Opportunity("O1", "A1", 100m, created: 5, close: 9, won: true).Person("P", "A1", created: 0)
            .Touch("T1", "P", 2).Touch("T2", "P", 5).Run();
        AssertShares(r, UShaped, "pipeline", ("T1", 0.5), ("T2", 0.5));
        AssertShares(r, JShaped, "pipeline", ("T1", 0.25), ("T2", 0.75));
        AssertShares(r, InverseJ, "pipeline", ("T1", 0.75), ("T2", 0.25));
        AssertShares(r, CustomXyx, "pipeline", ("T1", 0.5), ("T2", 0.5));
        AssertShares(r, Linear, "pipeline", ("T1", 0.5), ("T2", 0.5));
        // W: T1 holds first + lead creation, T2 opportunity creation; no touch holds none → 2/3, 1/3.
        AssertShares(r, WShaped, "pipeline", ("T1", 2.0 / 3), ("T2", 1.0 / 3));
        // Full path revenue: T1 first + lead; T2 opportunity creation + closed won → 1/2, 1/2.
        AssertShares(r, FullPath, "revenue", ("T1", 0.5), ("T2", 0.5));
    }

    [TestMethod]
    public void MilestoneCollisionsTakeSeveralWeights()
    {
        // Lead creation lands on t1 (P created before every touch): t1 holds two milestones.
        var r = new Tenant().Opportunity("O1", "A1", 100m, created: 30).Person("P", "A1", created: 0)
            .Touch("T1", "P", 10).Touch("T2", "P", 20).Touch("T3", "P", 30).Run();
        AssertShares(r, WShaped, "pipeline", ("T1", 0.6), ("T2", 0.1), ("T3", 0.3));
    }

    [TestMethod]
    public void WithNoTouchFreeOfMilestonesTheWeightsAreScaled()
    {
        // Three touches, three distinct milestones: 0.3 each scaled to 1/3 each.
        var r = new Tenant().Opportunity("O1", "A1", 90m, created: 30, close: 40, won: true).Person("P", "A1", created: 15)
            .Touch("T1", "P", 10).Touch("T2", "P", 20).Touch("T3", "P", 30).Run();
        AssertShares(r, WShaped, "pipeline", ("T1", 1.0 / 3), ("T2", 1.0 / 3), ("T3", 1.0 / 3));
        // Revenue with the same three touches: closed won = T3 too → T1 1/4, T2 1/4, T3 2/4.
        AssertShares(r, FullPath, "revenue", ("T1", 0.25), ("T2", 0.25), ("T3", 0.5));
    }

    [TestMethod]
    public void LeadCreationIsJudgedAgainstThePersonOfEachTouch()
    {
        // P1 was created late (day 50); P2 early (day 0). T1 is P1's, before P1 existed as a lead;
        // T2 is P2's, after P2's created date → T2 is lead creation, although it is before day 50.
        var r = new Tenant().Opportunity("O1", "A1", 100m, created: 60)
            .Person("P1", "A1", created: 50).Person("P2", "A1", created: 0)
            .Touch("T1", "P1", 10).Touch("T2", "P2", 20).Touch("T3", "P1", 30).Touch("T4", "P1", 60).Run();
        AssertShares(r, WShaped, "pipeline", ("T1", 0.3), ("T2", 0.3), ("T3", 0.1), ("T4", 0.3));

        // Nobody's touch is on or after their created date → t1 (stacked with first).
        var none = new Tenant().Opportunity("O1", "A1", 100m, created: 60).Person("P1", "A1", created: 55)
            .Touch("T1", "P1", 10).Touch("T2", "P1", 20).Touch("T3", "P1", 30).Run();
        AssertShares(none, WShaped, "pipeline", ("T1", 0.6), ("T2", 0.1), ("T3", 0.3));

        // A person with no created date never marks lead creation.
        var unknown = new Tenant().Opportunity("O1", "A1", 100m, created: 60).Person("P1", "A1", created: null)
            .Touch("T1", "P1", 10).Touch("T2", "P1", 20).Touch("T3", "P1", 30).Run();
        AssertShares(unknown, WShaped, "pipeline", ("T1", 0.6), ("T2", 0.1), ("T3", 0.3));
    }

    [TestMethod]
    public void OpportunityCreationInRevenueFallsBackToTheFirstTouch()
    {
        // Every revenue touch is after the opportunity was created (day 10): no touch is on or
        // before it, so opportunity creation is t1. Pipeline has no touch at all.
        var r = new Tenant().Opportunity("O1", "A1", 100m, created: 10, close: 50, won: true).Person("P", "A1", created: 0)
            .Touch("T1", "P", 20).Touch("T2", "P", 30).Touch("T3", "P", 40).Touch("T4", "P", 50).Run();
        // Milestones: first T1, lead T1, opportunity T1, closed won T4 → T1 0.675, T4 0.225, T2 and T3 0.05.
        AssertShares(r, FullPath, "revenue", ("T1", 0.675), ("T2", 0.05), ("T3", 0.05), ("T4", 0.225));
        AssertShares(r, WShaped, "revenue", ("T1", 0.9), ("T2", 0.1 / 3), ("T3", 0.1 / 3), ("T4", 0.1 / 3));
        CollectionAssert.AreEqual(new[] { new UnattributedOpportunity("O1", "pipeline") }, r.Unattributed.ToArray());
    }

    [TestMethod]
    public void InfluencePaths()
    {
        var tenant = new Tenant()
            .Opportunity("O1", "A1", 100m, created: 100)
            .Person("P1", "A1").Person("P2", "A1").Person("P3", "A1").Person("X1", "A2")
            .Person("L1", null).Person("L2", null).Person("L3", null).Person("L4", "A2")
            .Role("O1", "P1", primary: true).Role("O1", "P2").Role("O1", "X1")   // a role may be held by another account's contact
            .Match("L1", "A1", MatchConfidence.Medium).Match("L2", "A1", MatchConfidence.Low)
            .Match("L3", "A2", MatchConfidence.High).Match("L4", "A1", MatchConfidence.High)   // L4 has an account: the match is ignored
            .Match("L9", "A1", MatchConfidence.High);                                        // L9 is no known person: ignored
        foreach (var p in new[] { "P1", "P2", "P3", "X1", "L1", "L2", "L3", "L4", "L9" }) tenant.Touch("t" + p, p, 50);

        string[] Credited(AttributionSettings s) => SharesOf(tenant.Run(s), Linear).Keys.Order(StringComparer.Ordinal).ToArray();
        CollectionAssert.AreEqual(new[] { "tL1", "tP1", "tP2", "tP3" }, Credited(new AttributionSettings()));
        CollectionAssert.AreEqual(new[] { "tL1", "tL2", "tP1", "tP2", "tP3" }, Credited(new AttributionSettings { MinMatchConfidence = MatchConfidence.Low }));
        CollectionAssert.AreEqual(new[] { "tP1", "tP2", "tP3" }, Credited(new AttributionSettings { MinMatchConfidence = MatchConfidence.High }));
        CollectionAssert.AreEqual(new[] { "tP1", "tP2", "tX1" }, Credited(new AttributionSettings { InfluencePath = InfluencePath.ContactRoles }));
        CollectionAssert.AreEqual(new[] { "tP1" }, Credited(new AttributionSettings { InfluencePath = InfluencePath.PrimaryContactRole }));
    }

    [TestMethod]
    public void NoAccountOrNoRoleMeansUnattributed()
    {
        var r = new Tenant().Opportunity("O1", null, 100m, created: 10).Opportunity("O2", "A1", 100m, created: 10)
            .Person("P", "A1").Touch("T", "P", 5);
        CollectionAssert.AreEqual(new[] { new UnattributedOpportunity("O1", "pipeline") }, r.Run().Unattributed.ToArray());
        var roles = r.Run(new AttributionSettings { InfluencePath = InfluencePath.PrimaryContactRole });
        Assert.HasCount(2, roles.Unattributed);
        Assert.IsEmpty(roles.Credits);
    }

    [TestMethod]
    public void LookbackBoundariesAreInclusive()
    {
        // Created day 400, lookback 365 → window starts day 35; revenue anchor = close day 500.
        var r = new Tenant().Opportunity("O1", "A1", 100m, created: 400, close: 500, won: true).Person("P", "A1", created: 0)
            .Touch("early", "P", 34).Touch("start", "P", 35).Touch("created", "P", 400).Touch("after", "P", 401)
            .Touch("closed", "P", 500).Touch("late", "P", 501).Run();
        CollectionAssert.AreEquivalent(new[] { "start", "created" }, SharesOf(r, Linear).Keys.ToArray());
        CollectionAssert.AreEquivalent(new[] { "start", "created", "after", "closed" }, SharesOf(r, Linear, "revenue").Keys.ToArray());

        var shorter = new Tenant().Opportunity("O1", "A1", 100m, created: 400).Person("P", "A1")
            .Touch("a", "P", 369).Touch("b", "P", 370).Touch("c", "P", 400).Run(new AttributionSettings { LookbackDays = 30 });
        CollectionAssert.AreEquivalent(new[] { "b", "c" }, SharesOf(shorter, Linear).Keys.ToArray());
        var zero = new Tenant().Opportunity("O1", "A1", 100m, created: 400).Person("P", "A1")
            .Touch("a", "P", 399).Touch("b", "P", 400).Run(new AttributionSettings { LookbackDays = 0 });
        CollectionAssert.AreEquivalent(new[] { "b" }, SharesOf(zero, Linear).Keys.ToArray());
    }

    [TestMethod]
    public void SameDayTiesAreBrokenByOrdinalTouchId()
    {
        // 'B' (0x42) sorts before 'a' (0x61) as bytes; a case-insensitive collation would put 'a' first.
        var r = new Tenant().Opportunity("O1", "A1", 100m, created: 10).Person("P", "A1")
            .Touch("a", "P", 10).Touch("B", "P", 10).Touch("_", "P", 10).Run();
        AssertShares(r, FirstTouch, "pipeline", ("B", 1));
        AssertShares(r, LastTouch, "pipeline", ("a", 1));
        AssertShares(r, UShaped, "pipeline", ("B", 0.4), ("_", 0.2), ("a", 0.4));
        // Same ages, so time decay is even whatever the order.
        AssertShares(r, TimeDecay, "pipeline", ("B", 1.0 / 3), ("_", 1.0 / 3), ("a", 1.0 / 3));
    }

    [TestMethod]
    public void RevenueOnlyForWonOpportunities()
    {
        var r = new Tenant()
            .Opportunity("O1", "A1", 100m, created: 10, close: 20, won: true)
            .Opportunity("O2", "A1", 100m, created: 10, close: 20, won: false)
            .Opportunity("O3", "A1", 100m, created: 10, close: null, won: true)   // won without a close date
            .Person("P", "A1").Touch("T", "P", 5).Run();
        var revenue = r.Credits.Where(c => c.Stage == "revenue").Select(c => c.OpportunityId).Distinct().ToArray();
        CollectionAssert.AreEqual(new[] { "O1" }, revenue);
        CollectionAssert.AreEqual(new[] { "O1", "O2", "O3" }, r.Credits.Where(c => c.Stage == "pipeline").Select(c => c.OpportunityId).Distinct().ToArray());
        CollectionAssert.AreEqual(new[] { new UnattributedOpportunity("O3", "revenue") }, r.Unattributed.ToArray());
    }

    [TestMethod]
    public void UnattributedOpportunitiesAreReportedPerStage()
    {
        var r = new Tenant()
            .Opportunity("O1", "A1", 100m, created: 10, close: 90, won: true)   // touch after close only
            .Opportunity("O2", "A2", 100m, created: 10, close: 20, won: true)   // no people at all
            .Opportunity("O3", "A1", 100m, created: 100, close: 120)            // lost: pipeline only
            .Person("P", "A1").Touch("T", "P", 95).Run();
        CollectionAssert.AreEquivalent(new[]
        {
            new UnattributedOpportunity("O1", "pipeline"), new UnattributedOpportunity("O1", "revenue"),
            new UnattributedOpportunity("O2", "pipeline"), new UnattributedOpportunity("O2", "revenue"),
        }, r.Unattributed.ToArray());
        Assert.IsTrue(r.Credits.All(c => c.OpportunityId == "O3"));
    }

    [TestMethod]
    public void OnlyEnabledModelsAreComputedAndZeroSharesStillWriteARow()
    {
        var r = FourTouches().Run(new AttributionSettings { Models = [Linear, CustomXyx], CustomFirstLastPercent = 50, CustomMiddlePercent = 0 });
        CollectionAssert.AreEquivalent(new[] { Linear, CustomXyx }, r.Credits.Select(c => c.Model).Distinct().ToArray());
        AssertShares(r, CustomXyx, "pipeline", ("T1", 0.5), ("T2", 0), ("T3", 0), ("T4", 0.5));
    }

    [TestMethod]
    public void InvalidSettingsAreRefused()
    {
        var tenant = FourTouches();
        foreach (var bad in new[]
        {
            new AttributionSettings { CustomFirstLastPercent = 30, CustomMiddlePercent = 30 },
            new AttributionSettings { CustomFirstLastPercent = 0, CustomMiddlePercent = 100 },
            new AttributionSettings { HalfLifeDays = 0 },
            new AttributionSettings { LookbackDays = -1 },
            new AttributionSettings { Models = ["nearest_touch"] },
        })
            Assert.ThrowsExactly<ArgumentException>(() => tenant.Run(bad));
    }

    [TestMethod]
    public void SharesSumToOneAndAmountsToTheOpportunityOnARandomTenant()
    {
        var random = new Random(7);
        var tenant = new Tenant();
        for (var p = 0; p < 60; p++) tenant.Person($"P{p:D2}", $"A{p % 6}", created: random.Next(0, 400));
        for (var t = 0; t < 600; t++) tenant.Touch($"T{t:D3}{(char)('a' + random.Next(3))}", $"P{random.Next(60):D2}", random.Next(0, 800), $"C{random.Next(20)}");
        for (var o = 0; o < 40; o++)
        {
            var created = random.Next(200, 700);
            tenant.Opportunity($"O{o:D2}", $"A{random.Next(7)}", 1000m + o, created, created + random.Next(0, 120), won: random.Next(2) == 0);
        }
        foreach (var path in Enum.GetValues<InfluencePath>())
        {
            if (path != InfluencePath.Account)
                for (var o = 0; o < 40; o++) tenant.Role($"O{o:D2}", $"P{random.Next(60):D2}", primary: o % 3 == 0);
            var r = tenant.Run(new AttributionSettings { InfluencePath = path });
            var groups = r.Credits.GroupBy(c => (c.OpportunityId, c.Stage, c.Model)).ToArray();
            Assert.IsNotEmpty(groups);
            foreach (var g in groups)
            {
                Assert.AreEqual(1.0, g.Sum(c => c.Share), 1e-9, $"{g.Key}");
                var amount = (double)tenant.Opportunities.Single(o => o.Id == g.Key.OpportunityId).Amount;
                Assert.AreEqual(amount, g.Sum(c => c.Amount), 1e-6, $"{g.Key}");
            }
            // Every (opportunity, stage) is either credited under every model or unattributed.
            var stages = tenant.Opportunities.SelectMany(o => o.IsWon ? new[] { (o.Id, "pipeline"), (o.Id, "revenue") } : [(o.Id, "pipeline")]).ToHashSet();
            var credited = groups.Select(g => (g.Key.OpportunityId, g.Key.Stage)).ToHashSet();
            var unattributed = r.Unattributed.Select(u => (u.OpportunityId, u.Stage)).ToHashSet();
            Assert.IsFalse(credited.Overlaps(unattributed));
            Assert.IsTrue(stages.SetEquals(credited.Union(unattributed)));
            foreach (var key in credited) Assert.HasCount(All.Count, groups.Where(g => (g.Key.OpportunityId, g.Key.Stage) == key));
        }
    }

    [TestMethod]
    public void DiffFindsEveryDisagreement()
    {
        var expected = FourTouches().Run();
        Assert.IsEmpty(AttributionDiff.Between(expected, expected));
        var credits = expected.Credits.ToList();
        var changed = credits[0] with { Share = credits[0].Share + 1e-6 };
        credits[0] = changed;
        credits.RemoveAt(1);
        credits.Add(new AttributionCredit("O9", "pipeline", Linear, "T9", "C9", 1, 1));
        var problems = AttributionDiff.Between(expected, new AttributionResult(credits, [new UnattributedOpportunity("O8", "pipeline")]));
        Assert.HasCount(4, problems, string.Join("\n", problems));
    }
}
