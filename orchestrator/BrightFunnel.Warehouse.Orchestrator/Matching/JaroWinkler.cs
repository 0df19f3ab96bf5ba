using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;
namespace BrightFunnel.Warehouse.Orchestrator.Matching;

/// <summary>
/// Jaro-Winkler similarity (Winkler 1990): Jaro's matching characters within a window of
/// max(|a|, |b|) / 2 − 1 and half-transpositions, plus a bonus of 0.1 per common leading
/// character (at most 4) when the Jaro similarity reaches 0.7. Characters compare ordinally,
/// so callers normalize case first. MARTHA/MARHTA = 0.961, DWAYNE/DUANE = 0.84.
/// </summary>
public static class JaroWinkler
{
    public const double PrefixScale = 0.1;
    public const int MaxPrefix = 4;
    public const double BoostThreshold = 0.7;

    public static double Similarity(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var jaro = Jaro(a, b);
        if (jaro < BoostThreshold) return jaro;
        var prefix = 0;
        var limit = Math.Min(MaxPrefix, Math.Min(a.Length, b.Length));
        while (prefix < limit && a[prefix] == b[prefix]) prefix++;
        return jaro + prefix * PrefixScale * (1 - jaro);
    }

    public static double Jaro(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.SequenceEqual(b)) return 1;   // two empty strings are equal too
        if (a.Length == 0 || b.Length == 0) return 0;
        var window = Math.Max(0, Math.Max(a.Length, b.Length) / 2 - 1);

        // Names are short: flags live on the stack unless a string is unusually long.
        Span<bool> aMatched = a.Length <= 256 ? stackalloc bool[a.Length] : new bool[a.Length];
        Span<bool> bMatched = b.Length <= 256 ? stackalloc bool[b.Length] : new bool[b.Length];

        var matches = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var from = Math.Max(0, i - window);
            var to = Math.Min(b.Length - 1, i + window);
            for (var j = from; j <= to; j++)
            {
                if (bMatched[j] || a[i] != b[j]) continue;
                aMatched[i] = bMatched[j] = true;
                matches++;
                break;
            }
        }
        if (matches == 0) return 0;

        // Matched characters read in order from both strings; each position that differs is
        // half a transposition, rounded down as in Winkler's strcmp95.
        var outOfOrder = 0;
        var k = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (!aMatched[i]) continue;
            while (!bMatched[k]) k++;
            if (a[i] != b[k]) outOfOrder++;
            k++;
        }
        var m = (double)matches;
        var transpositions = outOfOrder / 2;
        return (m / a.Length + m / b.Length + (m - transpositions) / m) / 3;
    }
}
