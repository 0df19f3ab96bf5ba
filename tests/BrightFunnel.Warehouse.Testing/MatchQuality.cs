using BrightFunnel.Warehouse.Orchestrator.Matching;

namespace BrightFunnel.Warehouse.Testing;

/// <summary>Precision and recall of the matches at or above one confidence level.</summary>
/// <param name="Matches">Matches at or above the level.</param>
/// <param name="Correct">Of those, matches to the lead's true account.</param>
/// <param name="LeadsWithAccount">Leads whose true account is known (the recall denominator).</param>
public sealed record MatchQualityLevel(MatchConfidence AtLeast, int Matches, int Correct, int LeadsWithAccount)
{
    /// <summary>Correct / matches; 1 when nothing was matched (no claim, no error).</summary>
    public double Precision => Matches == 0 ? 1 : (double)Correct / Matches;

    /// <summary>Correct / leads that truly have an account; 1 when none has.</summary>
    public double Recall => LeadsWithAccount == 0 ? 1 : (double)Correct / LeadsWithAccount;
}

/// <summary>
/// Scores matches against ground truth (lead id → true account id, or null when the lead belongs
/// to no account) at three levels: High, Medium and above, Low and above. A match for a lead
/// missing from the truth counts as wrong.
/// </summary>
public static class MatchQuality
{
    public static IReadOnlyList<MatchQualityLevel> Evaluate(
        IEnumerable<LeadAccountMatch> matches, IReadOnlyDictionary<string, string?> truth)
    {
        var all = matches.ToArray();
        var leadsWithAccount = truth.Values.Count(a => a is not null);
        return [.. new[] { MatchConfidence.High, MatchConfidence.Medium, MatchConfidence.Low }.Select(level =>
        {
            var atLevel = all.Where(m => m.Confidence >= level).ToArray();
            var correct = atLevel.Count(m => truth.TryGetValue(m.LeadId, out var account) && account == m.AccountId);
            return new MatchQualityLevel(level, atLevel.Length, correct, leadsWithAccount);
        })];
    }

    public static MatchQualityLevel At(this IReadOnlyList<MatchQualityLevel> levels, MatchConfidence level) =>
        levels.Single(l => l.AtLeast == level);
}
