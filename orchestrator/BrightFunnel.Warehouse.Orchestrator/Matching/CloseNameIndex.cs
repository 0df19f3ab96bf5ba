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
/// name length, each name's first elements; a query probes only lengths that can reach the
/// threshold, verifies the candidates with the real similarity, and keeps those at θ or above.
/// </summary>
public sealed class CloseNameIndex
{
    readonly string[] names;
    readonly Dictionary<long, int> rankOfElement = [];
    readonly Dictionary<long, Posting[]> postings = [];
    readonly int[] indexedLengths;
    readonly double requiredMatchSum;
    readonly ThreadLocal<Scratch> scratch;

    readonly record struct Posting(int Entry, int Position);

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
        requiredMatchSum = 3 * MinimumJaro(threshold) - 1;
        scratch = new ThreadLocal<Scratch>(() => new Scratch(this.names.Length));

        var elements = this.names.Select(Elements).ToArray();
        RankElementsRarestFirst(elements);

        var lists = new Dictionary<long, List<Posting>>();
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
                list.Add(new Posting(entry, position));
            }
        }
        foreach (var (key, list) in lists) postings[key] = list.ToArray();
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
        foreach (var length in indexedLengths)
        {
            var overlap = MinimumOverlap(query.Length, length);
            if (overlap > Math.Min(query.Length, length)) continue;
            // Elements no indexed name has sort first and can never be shared.
            var queryPrefix = Math.Min(ranks.Length, query.Length - overlap + 1 - unseen);
            var namePrefix = length - overlap + 1;
            for (var i = 0; i < queryPrefix; i++)
            {
                if (!postings.TryGetValue(PostingKey(length, ranks[i]), out var list)) continue;
                foreach (var posting in list)
                {
                    if (posting.Position >= namePrefix || s.Seen[posting.Entry] == s.Query) continue;
                    s.Seen[posting.Entry] = s.Query;
                    s.Candidates.Add(posting.Entry);
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

    /// <summary>The smallest Jaro similarity that can still reach the Jaro-Winkler threshold.</summary>
    static double MinimumJaro(double threshold)
    {
        if (threshold < JaroWinkler.BoostThreshold) return threshold;
        var maxBonus = JaroWinkler.MaxPrefix * JaroWinkler.PrefixScale;
        return Math.Max(JaroWinkler.BoostThreshold, (threshold - maxBonus) / (1 - maxBonus));
    }

    /// <summary>Matching characters two names of these lengths need to reach the threshold.</summary>
    int MinimumOverlap(int queryLength, int nameLength)
    {
        // The small epsilon rounds in favour of keeping a candidate, never of losing one.
        var needed = requiredMatchSum / (1.0 / queryLength + 1.0 / nameLength);
        return Math.Max(1, (int)Math.Ceiling(needed - 1e-9));
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

    static long PostingKey(int length, int rank) => ((long)length << 32) | (uint)rank;
}
