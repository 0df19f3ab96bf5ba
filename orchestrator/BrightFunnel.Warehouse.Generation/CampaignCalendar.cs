namespace BrightFunnel.Warehouse.Generation;

/// <summary>
/// The campaigns running on each day of the window, with their member-draw weights, so a
/// membership can be placed on a day first and then in a campaign active that day.
/// </summary>
sealed class CampaignCalendar
{
    readonly int[] offsets;
    readonly int[] campaigns;
    readonly double[] cumulative;

    public CampaignCalendar(int[] start, int[] end, double[] weights, int days)
    {
        offsets = new int[days + 1];
        for (var j = 0; j < start.Length; j++)
            if (weights[j] > 0)
                for (var d = Math.Max(0, start[j]); d <= Math.Min(end[j], days - 1); d++) offsets[d + 1]++;
        for (var d = 0; d < days; d++) offsets[d + 1] += offsets[d];
        campaigns = new int[offsets[days]];
        cumulative = new double[offsets[days]];
        var fill = offsets[..^1].ToArray();
        for (var j = 0; j < start.Length; j++)
            if (weights[j] > 0)
                for (var d = Math.Max(0, start[j]); d <= Math.Min(end[j], days - 1); d++) campaigns[fill[d]++] = j;
        for (var d = 0; d < days; d++)
        {
            var sum = 0.0;
            for (var k = offsets[d]; k < offsets[d + 1]; k++) { sum += weights[campaigns[k]]; cumulative[k] = sum; }
        }
    }

    public int Days => offsets.Length - 1;

    /// <summary>A campaign running on <paramref name="day"/>, by weight; -1 when none runs (or the day is outside the window).</summary>
    public int Pick(int day, ref Rng rng)
    {
        if (day < 0 || day >= Days) return -1;
        var from = offsets[day];
        var to = offsets[day + 1];
        if (from == to) return -1;
        var x = rng.NextDouble() * cumulative[to - 1];
        var i = Array.BinarySearch(cumulative, from, to - from, x);
        i = i < 0 ? ~i : i + 1;
        return campaigns[Math.Min(i, to - 1)];
    }
}
