using BrightFunnel.Warehouse.Orchestrator.Matching;

namespace BrightFunnel.Warehouse.Orchestrator;

/// <summary>
/// The known word closest to a mistyped one, by the matcher's Jaro-Winkler (it forgives a dropped,
/// doubled or swapped letter, and weighs the start of the word most): for "did you mean …" in errors.
/// </summary>
public static class DidYouMean
{
    const double Close = 0.85;

    /// <summary>The closest known word, case-insensitively, when it is close enough; else null.</summary>
    public static string? Closest(string typed, IEnumerable<string> known)
    {
        var best = known.Select(k => (Word: k, Score: JaroWinkler.Similarity(typed.ToLowerInvariant(), k.ToLowerInvariant())))
            .OrderByDescending(x => x.Score).FirstOrDefault();
        return best.Word is not null && best.Score >= Close ? best.Word : null;
    }

    /// <summary>" (did you mean 'report'?)", or "" when nothing known is close.</summary>
    public static string Hint(string typed, IEnumerable<string> known) =>
        Closest(typed, known) is { } word ? $" (did you mean '{word}'?)" : "";
}
