using System.Runtime.Intrinsics;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Matching;

/// <summary>An indexed name whose Jaro-Winkler similarity to the query reached the threshold.</summary>
public readonly record struct CloseName(int Entry, double Score);

/// <summary>
/// Finds every indexed name whose Jaro-Winkler similarity to a query reaches a threshold,
/// without comparing the query to every name — and without missing any name a full scan finds.
///
/// Why it is exact: Jaro-Winkler ≥ θ needs Jaro ≥ J_min (the prefix bonus adds at most
/// 0.4 (1 − Jaro)), and Jaro ≤ (m/|x| + m/|y| + 1) / 3, so the m matching characters must number
/// at least o(|x|, |y|) = (3 J_min − 1) / (1/|x| + 1/|y|). Matching characters pair equal
/// characters, so the two names share at least o characters counted as a multiset (each
/// character numbered by occurrence: a#1, a#2, …). Order these elements globally, rarest first;
/// two sets sharing o elements share one among the first |x| − o + 1 elements of x and the
/// first |y| − o + 1 of y (prefix filtering, as in AllPairs / PPJoin). The index keeps, per
/// name length, each name's first elements; a query probes only the lengths that can reach the
/// threshold. A candidate must then pass the same multiset bound computed on letter counts
/// (one vector instruction) before the real similarity is computed.
/// </summary>
public sealed class CloseNameIndex
{
    const int CountsSize = 32;      // a–z, space, digits, four buckets for everything else
    const int MaxCountedLength = 255;

    readonly string[] names;
    readonly Dictionary<long, int> rankOfElement = [];
    readonly Dictionary<long, PostingList> postings = [];
    readonly int[] indexedLengths;
    readonly double requiredMatchSum;
    readonly double[] requiredMatchSumByPrefix;
    readonly ThreadLocal<Scratch> scratch;

    /// <summary>Names holding one element among their first ones, by position, with their letter counts inline.</summary>
    sealed class PostingList(int[] entries, byte[] positions, byte[] counts)
    {
        public readonly int[] Entries = entries;
        public readonly byte[] Positions = positions;
        public readonly byte[] Counts = counts;
    }

    sealed class Scratch(int size)
    {
        public readonly int[] Seen = new int[size];
        public int Query;
        public readonly List<int> Candidates = [];
    }

    public CloseNameIndex(IReadOnlyList<string> names, double threshold)
    {
        if (threshold is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "must be in (0, 1]");
        this.names = names.ToArray();
        Threshold = threshold;
        requiredMatchSumByPrefix = Enumerable.Range(0, JaroWinkler.MaxPrefix + 1).Select(l => 3 * MinimumJaro(threshold, l) - 1).ToArray();
        requiredMatchSum = requiredMatchSumByPrefix[JaroWinkler.MaxPrefix];
        scratch = new ThreadLocal<Scratch>(() => new Scratch(this.names.Length));

        var elements = this.names.Select(Elements).ToArray();
        RankElementsRarestFirst(elements);

        var lists = new Dictionary<long, List<(int Entry, int Position)>>();
        for (var entry = 0; entry < this.names.Length; entry++)
        {
            var length = this.names[entry].Length;
            if (length == 0) continue;
            var ranks = SortedRanks(elements[entry], out _);
            var prefix = Math.Min(ranks.Length, length - MinimumOverlapForAnyPartner(length) + 1);
            for (var position = 0; position < prefix; position++)
            {
                var key = PostingKey(length, ranks[position]);
                if (!lists.TryGetValue(key, out var list)) lists[key] = list = [];
                list.Add((entry, position));
            }
        }
        foreach (var (key, list) in lists)
        {
            // By position, so a probe stops at the first name whose element lies past its prefix.
            var sorted = list.OrderBy(p => p.Position).ThenBy(p => p.Entry).ToArray();
            var counts = new byte[sorted.Length * CountsSize];
            for (var i = 0; i < sorted.Length; i++)
                CountLetters(this.names[sorted[i].Entry], counts.AsSpan(i * CountsSize, CountsSize));
            postings[key] = new PostingList(
                sorted.Select(p => p.Entry).ToArray(), sorted.Select(p => (byte)Math.Min(p.Position, 255)).ToArray(), counts);
        }
        indexedLengths = this.names.Select(n => n.Length).Where(l => l > 0).Distinct().Order().ToArray();
    }

    public double Threshold { get; }

    public IReadOnlyList<string> Names => names;

    /// <summary>Every indexed name at or above the threshold, in entry order.</summary>
    public List<CloseName> Find(string query)
    {
        var found = new List<CloseName>();
        if (query.Length == 0) return found;
        var s = scratch.Value!;
        s.Query++;
        s.Candidates.Clear();

        var ranks = SortedRanks(Elements(query), out var unseen);
        Span<byte> queryCounts = stackalloc byte[CountsSize];
        CountLetters(query, queryCounts);
        var queryVector = Vector256.Create<byte>(queryCounts);
        foreach (var length in indexedLengths)
        {
            var overlap = MinimumOverlap(query.Length, length);
            if (overlap > Math.Min(query.Length, length)) continue;
            // Elements no indexed name has sort first and can never be shared.
            var queryPrefix = Math.Min(ranks.Length, query.Length - overlap + 1 - unseen);
            var namePrefix = length - overlap + 1;
            // Counts are capped at 255, so the count bound only holds for names up to that length.
            var countBound = query.Length <= MaxCountedLength && length <= MaxCountedLength ? overlap : 0;
            for (var i = 0; i < queryPrefix; i++)
            {
                if (!postings.TryGetValue(PostingKey(length, ranks[i]), out var list)) continue;
                for (var p = 0; p < list.Entries.Length && list.Positions[p] < namePrefix; p++)
                {
                    var shared = SharedLetters(queryVector, list.Counts, p);
                    if (shared < countBound) continue;
                    var entry = list.Entries[p];
                    if (s.Seen[entry] == s.Query) continue;
                    s.Seen[entry] = s.Query;
                    // The bound above assumed the full prefix bonus; the real common prefix is
                    // usually shorter and asks for more shared letters.
                    if (countBound > 0 && shared < MinimumOverlap(query.Length, length, CommonPrefix(query, names[entry]))) continue;
                    s.Candidates.Add(entry);
                }
            }
        }

        s.Candidates.Sort();
        foreach (var entry in s.Candidates)
        {
            var score = JaroWinkler.Similarity(query, names[entry]);
            if (score >= Threshold) found.Add(new CloseName(entry, score));
        }
        return found;
    }

    /// <summary>Σ min(count in query, count in name) over the letter buckets: an upper bound of the matching characters.</summary>
    static int SharedLetters(Vector256<byte> query, byte[] counts, int posting)
    {
        var name = Vector256.Create<byte>(counts.AsSpan(posting * CountsSize, CountsSize));
        var (low, high) = Vector256.Widen(Vector256.Min(query, name));
        return Vector256.Sum(low + high);
    }

    /// <summary>
    /// The smallest Jaro similarity that can still reach the threshold with a common prefix of
    /// <paramref name="prefix"/> characters (the bonus only applies from Jaro 0.7 up).
    /// </summary>
    static double MinimumJaro(double threshold, int prefix)
    {
        if (threshold < JaroWinkler.BoostThreshold) return threshold;
        var bonus = prefix * JaroWinkler.PrefixScale;
        return Math.Max(JaroWinkler.BoostThreshold, (threshold - bonus) / (1 - bonus));
    }

    /// <summary>Matching characters two names of these lengths need to reach the threshold.</summary>
    int MinimumOverlap(int queryLength, int nameLength) => Overlap(requiredMatchSum, queryLength, nameLength);

    int MinimumOverlap(int queryLength, int nameLength, int commonPrefix) =>
        Overlap(requiredMatchSumByPrefix[commonPrefix], queryLength, nameLength);

    static int Overlap(double requiredSum, int queryLength, int nameLength)
    {
        // The small epsilon rounds in favour of keeping a candidate, never of losing one.
        var needed = requiredSum / (1.0 / queryLength + 1.0 / nameLength);
        return Math.Max(1, (int)Math.Ceiling(needed - 1e-9));
    }

    static int CommonPrefix(string a, string b)
    {
        var limit = Math.Min(JaroWinkler.MaxPrefix, Math.Min(a.Length, b.Length));
        var n = 0;
        while (n < limit && a[n] == b[n]) n++;
        return n;
    }

    /// <summary>The overlap against the shortest partner that can still qualify (the loosest).</summary>
    int MinimumOverlapForAnyPartner(int length)
    {
        for (var partner = 1; partner <= length; partner++)
        {
            var overlap = MinimumOverlap(partner, length);
            if (overlap <= partner) return overlap;
        }
        return MinimumOverlap(length, length);
    }

    void RankElementsRarestFirst(long[][] elements)
    {
        var frequency = new Dictionary<long, int>();
        foreach (var set in elements)
            foreach (var element in set)
                frequency[element] = frequency.GetValueOrDefault(element) + 1;
        var rank = 0;
        foreach (var (element, _) in frequency.OrderBy(p => p.Value).ThenBy(p => p.Key))
            rankOfElement[element] = rank++;
    }

    int[] SortedRanks(long[] elements, out int unseen)
    {
        var ranks = new List<int>(elements.Length);
        foreach (var element in elements)
            if (rankOfElement.TryGetValue(element, out var rank)) ranks.Add(rank);
        unseen = elements.Length - ranks.Count;
        var sorted = ranks.ToArray();
        Array.Sort(sorted);
        return sorted;
    }

    /// <summary>Each character numbered by its occurrence, so a multiset becomes a set.</summary>
    static long[] Elements(string name)
    {
        var seen = new Dictionary<char, int>();
        var elements = new long[name.Length];
        for (var i = 0; i < name.Length; i++)
        {
            var occurrence = seen.GetValueOrDefault(name[i]) + 1;
            seen[name[i]] = occurrence;
            elements[i] = ((long)name[i] << 32) | (uint)occurrence;
        }
        return elements;
    }

    /// <summary>Letters counted into buckets; merging characters into one bucket only loosens the bound.</summary>
    static void CountLetters(string name, Span<byte> counts)
    {
        foreach (var c in name)
        {
            var bucket = c switch
            {
                >= 'a' and <= 'z' => c - 'a',
                ' ' => 26,
                >= '0' and <= '9' => 27,
                _ => 28 + c % 4,
            };
            if (counts[bucket] < byte.MaxValue) counts[bucket]++;
        }
    }

    static long PostingKey(int length, int rank) => ((long)length << 32) | (uint)rank;
}
