using BrightFunnel.Warehouse.Orchestrator.Matching;

namespace BrightFunnel.Warehouse.Tests.Attribution;

// The plain C# reference of docs/attribution.md ("Which touches count", "Models",
// milestones). Written to be obviously correct, not fast: the stored procedures and the Impala
// SQL are checked against it on generated tenants. Every interpretation it makes is listed in
// docs/decisions/attribution-rules.md; the SQL engines must make the same ones.

/// <summary>Which people's touches count for an opportunity (tenant setting influence_path).</summary>
public enum InfluencePath
{
    /// <summary>Every person on the opportunity's account, and orphan leads matched to it.</summary>
    Account,
    /// <summary>People holding any contact role on the opportunity.</summary>
    ContactRoles,
    /// <summary>People holding the primary contact role.</summary>
    PrimaryContactRole,
}

public static class AttributionStage
{
    public const string Pipeline = "pipeline";
    public const string Revenue = "revenue";
}

public static class AttributionModel
{
    public const string FirstTouch = "first_touch";
    public const string LastTouch = "last_touch";
    public const string Linear = "linear";
    public const string UShaped = "u_shaped";
    public const string JShaped = "j_shaped";
    public const string InverseJ = "inverse_j";
    public const string CustomXyx = "custom_xyx";
    public const string WShaped = "w_shaped";
    public const string FullPath = "full_path";
    public const string TimeDecay = "time_decay";

    public static readonly IReadOnlyList<string> All =
        [FirstTouch, LastTouch, Linear, UShaped, JShaped, InverseJ, CustomXyx, WShaped, FullPath, TimeDecay];

    // One model of each kind that only ModelsAreRowsTests' migration defines: a model added to
    // at_models needs its case here, and nothing else in the tests or the product.
    public const string LateHeavy = "late_heavy";
    public const string WonHeavy = "won_heavy";
    public const string Decay30 = "decay_30";

    /// <summary>Every model the oracle can compute: the migrations' and the architecture test's.</summary>
    public static readonly IReadOnlyList<string> Known = [.. All, LateHeavy, WonHeavy, Decay30];
}

// Inputs mirror the canonical tables (cn_opportunities, cn_people, cn_touches,
// cn_opportunity_people, cn_lead_account_matches).
public sealed record RefOpportunity(string Id, string? AccountId, decimal Amount, DateOnly CreatedDate, DateOnly? CloseDate, bool IsWon);
public sealed record RefPerson(string Id, string? AccountId, DateOnly? CreatedDate);
public sealed record RefTouch(string Id, string CampaignId, string PersonId, DateOnly TouchDate);
public sealed record RefOpportunityPerson(string OpportunityId, string PersonId, bool IsPrimary);
public sealed record RefOrphanMatch(string LeadPersonId, string AccountId, MatchConfidence Confidence);

public sealed record AttributionInput(
    IReadOnlyList<RefOpportunity> Opportunities,
    IReadOnlyList<RefPerson> People,
    IReadOnlyList<RefTouch> Touches,
    IReadOnlyList<RefOpportunityPerson> OpportunityPeople,
    IReadOnlyList<RefOrphanMatch> OrphanMatches);

/// <summary>The tenant settings attribution reads, with their defaults.</summary>
public sealed record AttributionSettings
{
    public InfluencePath InfluencePath { get; init; } = InfluencePath.Account;
    public int LookbackDays { get; init; } = 365;
    public double HalfLifeDays { get; init; } = 7;
    /// <summary>custom_xyx: X, the percent for the first and for the last touch.</summary>
    public int CustomFirstLastPercent { get; init; } = 30;
    /// <summary>custom_xyx: Y, the percent shared by the middle touches (X + Y + X = 100).</summary>
    public int CustomMiddlePercent { get; init; } = 40;
    public MatchConfidence MinMatchConfidence { get; init; } = MatchConfidence.Medium;
    public IReadOnlyList<string> Models { get; init; } = AttributionModel.All;

    public void Validate()
    {
        if (LookbackDays < 0) throw new ArgumentException($"lookback_days must be ≥ 0, not {LookbackDays}");
        if (!(HalfLifeDays > 0)) throw new ArgumentException($"half_life_days must be > 0, not {HalfLifeDays}");
        if (CustomFirstLastPercent <= 0 || CustomMiddlePercent < 0 || 2 * CustomFirstLastPercent + CustomMiddlePercent != 100)
            throw new ArgumentException($"custom_xyx needs X > 0, Y ≥ 0 and X + Y + X = 100, not {CustomFirstLastPercent}/{CustomMiddlePercent}/{CustomFirstLastPercent}");
        foreach (var model in Models)
            if (!AttributionModel.Known.Contains(model)) throw new ArgumentException($"unknown attribution model '{model}'");
    }
}

/// <summary>A row of at_credits. Amount = opportunity amount × share, unrounded.</summary>
public sealed record AttributionCredit(string OpportunityId, string Stage, string Model, string TouchId, string CampaignId, double Share, double Amount);

/// <summary>An opportunity and stage with no counted touch.</summary>
public sealed record UnattributedOpportunity(string OpportunityId, string Stage);

public sealed record AttributionResult(IReadOnlyList<AttributionCredit> Credits, IReadOnlyList<UnattributedOpportunity> Unattributed);

/// <summary>The touches counted for one opportunity and stage, t1 … tN, with what the models need.</summary>
public sealed record StageTouches(
    string Stage, DateOnly Anchor, DateOnly OpportunityCreated, IReadOnlyList<RefTouch> Ordered,
    IReadOnlyDictionary<string, DateOnly?> PersonCreated)
{
    public int N => Ordered.Count;
}

public static class AttributionReference
{
    public static AttributionResult Compute(AttributionInput input, AttributionSettings settings)
    {
        settings.Validate();
        var people = input.People.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var touchesByPerson = input.Touches.ToLookup(t => t.PersonId, StringComparer.Ordinal);
        var credits = new List<AttributionCredit>();
        var unattributed = new List<UnattributedOpportunity>();

        foreach (var opportunity in input.Opportunities.OrderBy(o => o.Id, StringComparer.Ordinal))
        {
            var influencers = InfluencingPeople(opportunity, input, people, settings);
            var touches = influencers.SelectMany(p => touchesByPerson[p]).ToArray();
            var personCreated = influencers.ToDictionary(p => p, p => people.GetValueOrDefault(p)?.CreatedDate, StringComparer.Ordinal);

            foreach (var (stage, anchor) in Stages(opportunity))
            {
                if (anchor is not { } a)
                {
                    unattributed.Add(new UnattributedOpportunity(opportunity.Id, stage));
                    continue;
                }
                var counted = CountedTouches(touches, opportunity.CreatedDate, a, settings.LookbackDays);
                if (counted.Count == 0)
                {
                    unattributed.Add(new UnattributedOpportunity(opportunity.Id, stage));
                    continue;
                }
                var context = new StageTouches(stage, a, opportunity.CreatedDate, counted, personCreated);
                foreach (var model in AttributionModel.Known.Where(settings.Models.Contains))
                {
                    var shares = Shares(model, context, settings);
                    for (var i = 0; i < counted.Count; i++)
                    {
                        // First and last touch credit one touch; every other model writes a row
                        // for every counted touch, even a zero share (custom_xyx with Y = 0).
                        if (shares[i] == 0 && model is AttributionModel.FirstTouch or AttributionModel.LastTouch) continue;
                        credits.Add(new AttributionCredit(opportunity.Id, stage, model, counted[i].Id, counted[i].CampaignId,
                            shares[i], (double)opportunity.Amount * shares[i]));
                    }
                }
            }
        }
        return new AttributionResult(credits, unattributed);
    }

    /// <summary>Pipeline always (anchor = created date); revenue for won opportunities (anchor = close date, null when missing).</summary>
    static IEnumerable<(string Stage, DateOnly? Anchor)> Stages(RefOpportunity opportunity)
    {
        yield return (AttributionStage.Pipeline, opportunity.CreatedDate);
        if (opportunity.IsWon) yield return (AttributionStage.Revenue, opportunity.CloseDate);
    }

    /// <summary>The people whose touches count for the opportunity under the tenant's influence path.</summary>
    public static IReadOnlyList<string> InfluencingPeople(
        RefOpportunity opportunity, AttributionInput input, IReadOnlyDictionary<string, RefPerson> people, AttributionSettings settings)
    {
        IEnumerable<string> ids = settings.InfluencePath switch
        {
            InfluencePath.Account when opportunity.AccountId is null => [],
            InfluencePath.Account => input.People.Where(p => p.AccountId == opportunity.AccountId).Select(p => p.Id)
                .Concat(input.OrphanMatches
                    .Where(m => m.AccountId == opportunity.AccountId && m.Confidence >= settings.MinMatchConfidence)
                    // A match only stands for a known person without an account of its own.
                    .Where(m => people.TryGetValue(m.LeadPersonId, out var lead) && lead.AccountId is null)
                    .Select(m => m.LeadPersonId)),
            InfluencePath.ContactRoles => input.OpportunityPeople.Where(r => r.OpportunityId == opportunity.Id).Select(r => r.PersonId),
            InfluencePath.PrimaryContactRole => input.OpportunityPeople.Where(r => r.OpportunityId == opportunity.Id && r.IsPrimary).Select(r => r.PersonId),
            _ => throw new ArgumentOutOfRangeException(nameof(settings)),
        };
        return ids.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Touches with created − lookback ≤ touch date ≤ anchor, ordered by (touch date, touch id ordinal).</summary>
    public static IReadOnlyList<RefTouch> CountedTouches(IEnumerable<RefTouch> touches, DateOnly opportunityCreated, DateOnly anchor, int lookbackDays)
    {
        var from = opportunityCreated.AddDays(-lookbackDays);
        return touches.Where(t => t.TouchDate >= from && t.TouchDate <= anchor)
            .OrderBy(t => t.TouchDate).ThenBy(t => t.Id, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>Share of t1 … tN under one model; they sum to 1.</summary>
    public static double[] Shares(string model, StageTouches stage, AttributionSettings settings)
    {
        var n = stage.N;
        double x = settings.CustomFirstLastPercent / 100.0, y = settings.CustomMiddlePercent / 100.0;
        return model switch
        {
            AttributionModel.FirstTouch => OneHot(n, 0),
            AttributionModel.LastTouch => OneHot(n, n - 1),
            AttributionModel.Linear => Enumerable.Repeat(1.0 / n, n).ToArray(),
            AttributionModel.UShaped => PositionBased(n, 0.4, 0.2, 0.4),
            AttributionModel.JShaped => PositionBased(n, 0.2, 0.2, 0.6),
            AttributionModel.InverseJ => PositionBased(n, 0.6, 0.2, 0.2),
            AttributionModel.CustomXyx => PositionBased(n, x, y, x),
            AttributionModel.WShaped => MilestoneBased(n, Milestones(stage, closedWon: false), 0.3, 0.1),
            AttributionModel.FullPath when stage.Stage == AttributionStage.Revenue => MilestoneBased(n, Milestones(stage, closedWon: true), 0.225, 0.1),
            AttributionModel.FullPath => MilestoneBased(n, Milestones(stage, closedWon: false), 0.3, 0.1),
            AttributionModel.TimeDecay => TimeDecay(stage, settings.HalfLifeDays),
            AttributionModel.LateHeavy => PositionBased(n, 0.1, 0.3, 0.6),
            AttributionModel.WonHeavy when stage.Stage == AttributionStage.Revenue => MilestoneBased(n, Milestones(stage, closedWon: true), 0.2, 0.2),
            AttributionModel.WonHeavy => MilestoneBased(n, Milestones(stage, closedWon: false), 0.25, 0.25),
            AttributionModel.Decay30 => TimeDecay(stage, 30),
            _ => throw new ArgumentException($"unknown attribution model '{model}'"),
        };
    }

    static double[] OneHot(int n, int index)
    {
        var shares = new double[n];
        shares[index] = 1;
        return shares;
    }

    /// <summary>N = 1 → 1; N = 2 → F/(F+L), L/(F+L); N ≥ 3 → F, M/(N−2) each middle, L.</summary>
    public static double[] PositionBased(int n, double first, double middle, double last)
    {
        if (n == 1) return [1.0];
        if (n == 2) return [first / (first + last), last / (first + last)];
        var shares = new double[n];
        shares[0] = first;
        shares[n - 1] = last;
        for (var i = 1; i < n - 1; i++) shares[i] = middle / (n - 2);
        return shares;
    }

    /// <summary>
    /// Indexes (0-based, into t1 … tN) of the milestone touches, one entry per milestone, so a
    /// touch holding several appears several times: first; lead creation; opportunity creation;
    /// and closed won when asked.
    /// </summary>
    public static int[] Milestones(StageTouches stage, bool closedWon)
    {
        var n = stage.N;
        var touches = stage.Ordered;
        // Lead creation: the first touch dated on or after the created date of the person who
        // made that touch; t1 when no touch is (or no created date is known).
        var lead = 0;
        for (var i = 0; i < n; i++)
        {
            if (stage.PersonCreated.GetValueOrDefault(touches[i].PersonId) is { } created && touches[i].TouchDate >= created)
            {
                lead = i;
                break;
            }
        }
        // Opportunity creation: the last touch dated on or before the opportunity's created date
        // (tN in the pipeline stage, where the anchor is that date); t1 when every touch is later.
        var opportunity = 0;
        for (var i = n - 1; i >= 0; i--)
        {
            if (touches[i].TouchDate <= stage.OpportunityCreated)
            {
                opportunity = i;
                break;
            }
        }
        return closedWon ? [0, lead, opportunity, n - 1] : [0, lead, opportunity];
    }

    /// <summary>
    /// Each milestone gives its weight to its touch (k milestones → k weights); the rest is split
    /// evenly over touches holding none; when every touch holds one, the milestone weights are
    /// scaled to sum to 1 (a touch's share is then k / K).
    /// </summary>
    public static double[] MilestoneBased(int n, int[] milestones, double weight, double rest)
    {
        var held = new int[n];
        foreach (var m in milestones) held[m]++;
        var without = held.Count(k => k == 0);
        var shares = new double[n];
        for (var i = 0; i < n; i++)
        {
            shares[i] = without == 0 ? (double)held[i] / milestones.Length
                : held[i] > 0 ? held[i] * weight
                : rest / without;
        }
        return shares;
    }

    /// <summary>w_i = 2^(−(A − d_i) / H), share = w_i / Σ w, days between the anchor and the touch.</summary>
    public static double[] TimeDecay(StageTouches stage, double halfLifeDays)
    {
        var weights = stage.Ordered
            .Select(t => Math.Pow(2, -(stage.Anchor.DayNumber - t.TouchDate.DayNumber) / halfLifeDays))
            .ToArray();
        var total = weights.Sum();
        return weights.Select(w => w / total).ToArray();
    }
}

/// <summary>Differences between two attribution results, for tests comparing engines with the reference.</summary>
public static class AttributionDiff
{
    /// <summary>
    /// Every credit row missing, extra, or off by more than the tolerances (share 1e-9 absolute,
    /// amount 0.005 absolute — an engine may keep amounts to the cent), and every unattributed
    /// row missing or extra. Empty when the results agree.
    /// </summary>
    public static IReadOnlyList<string> Between(AttributionResult expected, AttributionResult actual,
        double shareTolerance = 1e-9, double amountTolerance = 0.005)
    {
        var problems = new List<string>();
        static string Key(AttributionCredit c) => $"{c.OpportunityId}/{c.Stage}/{c.Model}/{c.TouchId}";
        var want = expected.Credits.ToDictionary(Key, StringComparer.Ordinal);
        var got = new Dictionary<string, AttributionCredit>(StringComparer.Ordinal);
        foreach (var c in actual.Credits)
            if (!got.TryAdd(Key(c), c)) problems.Add($"duplicate credit {Key(c)}");
        foreach (var (key, e) in want)
        {
            if (!got.TryGetValue(key, out var a)) { problems.Add($"missing credit {key} share {e.Share:R}"); continue; }
            if (Math.Abs(a.Share - e.Share) > shareTolerance) problems.Add($"credit {key}: share {a.Share:R}, expected {e.Share:R}");
            if (Math.Abs(a.Amount - e.Amount) > amountTolerance) problems.Add($"credit {key}: amount {a.Amount:R}, expected {e.Amount:R}");
            if (a.CampaignId != e.CampaignId) problems.Add($"credit {key}: campaign {a.CampaignId}, expected {e.CampaignId}");
        }
        foreach (var key in got.Keys.Where(k => !want.ContainsKey(k))) problems.Add($"unexpected credit {key} share {got[key].Share:R}");

        var wantUnattributed = expected.Unattributed.Select(u => $"{u.OpportunityId}/{u.Stage}").ToHashSet(StringComparer.Ordinal);
        var gotUnattributed = actual.Unattributed.Select(u => $"{u.OpportunityId}/{u.Stage}").ToHashSet(StringComparer.Ordinal);
        problems.AddRange(wantUnattributed.Except(gotUnattributed).Select(k => $"missing unattributed {k}"));
        problems.AddRange(gotUnattributed.Except(wantUnattributed).Select(k => $"unexpected unattributed {k}"));
        return problems;
    }
}
