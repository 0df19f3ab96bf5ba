namespace BrightFunnel.Warehouse.Generation;

/// <summary>Picks an index in proportion to fixed weights (cumulative sums and a binary search).</summary>
sealed class WeightedPicker
{
    readonly double[] cumulative;

    public WeightedPicker(ReadOnlySpan<double> weights)
    {
        cumulative = new double[weights.Length];
        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++) { sum += Math.Max(0, weights[i]); cumulative[i] = sum; }
    }

    public double Total => cumulative.Length == 0 ? 0 : cumulative[^1];

    public int Pick(ref Rng rng)
    {
        var x = rng.NextDouble() * Total;
        var i = Array.BinarySearch(cumulative, x);
        i = i < 0 ? ~i : i + 1;
        // Skip zero-weight entries that share the cumulative value.
        return Math.Min(i, cumulative.Length - 1);
    }
}
