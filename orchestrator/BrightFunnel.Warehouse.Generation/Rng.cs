namespace BrightFunnel.Warehouse.Generation;

/// <summary>Independent random streams: every row of every object draws from its own stream.</summary>
public enum RngStream : ulong
{
    // The plan's streams.
    Plan = 1, Accounts, Contacts, Leads, Campaigns, Opportunities, Names,
    // The writers' streams (one generator per row).
    AccountRows = 101, ContactIdentity, ContactRows, LeadRows, CampaignRows, MemberRows, OpportunityRows, RoleRows,
    // Web activity: who visits (per person, per opportunity, per anonymous visitor), then one stream per visitor.
    WebPeople = 201, WebOpportunities, WebAnonymous, WebVisitors,
    // ABM (bfw generate --abm): the target tier, the planted ramps, one stream per appended campaign member.
    AbmTargets = 301, AbmRamps, AbmMembers,
}

/// <summary>
/// SplitMix64: a tiny, fast, well-mixed PRNG whose output depends only on its 64-bit state, so a
/// seed gives the same numbers on every platform and .NET version (unlike <see cref="Random"/>,
/// whose seeded sequence is an implementation detail). Each row gets its own generator through
/// <see cref="For"/>, so objects can be written in any order, or in parallel, with identical bytes.
/// </summary>
public struct Rng(ulong state)
{
    const ulong Golden = 0x9E3779B97F4A7C15UL;
    ulong state = state;

    /// <summary>The generator for row <paramref name="index"/> of <paramref name="stream"/> under <paramref name="seed"/>.</summary>
    public static Rng For(ulong seed, RngStream stream, long index) =>
        new(Mix(Mix(seed + (ulong)stream * Golden) + (ulong)index));

    /// <summary>SplitMix64's finaliser: a bijective 64-bit hash.</summary>
    public static ulong Mix(ulong z)
    {
        z += Golden;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextULong()
    {
        state += Golden;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>0 ≤ n &lt; <paramref name="maxExclusive"/> (multiply-shift; the bias is below 2^-32).</summary>
    public int Next(int maxExclusive) => maxExclusive <= 1 ? 0 : (int)(((NextULong() >> 32) * (ulong)maxExclusive) >> 32);

    /// <summary>0 ≤ n &lt; <paramref name="maxExclusive"/> for long ranges.</summary>
    public long NextLong(long maxExclusive) => maxExclusive <= 1 ? 0 : (long)(NextULong() % (ulong)maxExclusive);

    public int Between(int minInclusive, int maxInclusive) => minInclusive + Next(maxInclusive - minInclusive + 1);

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double probability) => NextDouble() < probability;

    public T Pick<T>(T[] items) => items[Next(items.Length)];

    /// <summary>Index into <paramref name="weights"/>, chosen in proportion to the weights.</summary>
    public int PickWeighted(ReadOnlySpan<double> weights)
    {
        var total = 0.0;
        foreach (var w in weights) total += w;
        var x = NextDouble() * total;
        for (var i = 0; i < weights.Length; i++)
        {
            x -= weights[i];
            if (x < 0) return i;
        }
        return weights.Length - 1;
    }

    /// <summary>Standard normal (Box–Muller).</summary>
    public double Normal()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Log-normal with the given median and log-space standard deviation.</summary>
    public double LogNormal(double median, double sigma) => median * Math.Exp(sigma * Normal());

    /// <summary>Exponential with mean 1.</summary>
    public double Exponential() => -Math.Log(1.0 - NextDouble());

    /// <summary>Poisson-distributed count (Knuth below a mean of 30, normal approximation above).</summary>
    public int Poisson(double mean)
    {
        if (mean <= 0) return 0;
        if (mean >= 30) return Math.Max(0, (int)Math.Round(mean + Math.Sqrt(mean) * Normal()));
        var limit = Math.Exp(-mean);
        var k = 0;
        var p = NextDouble();
        while (p > limit) { k++; p *= NextDouble(); }
        return k;
    }
}
