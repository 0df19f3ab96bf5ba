namespace BrightFunnel.Warehouse.Bench;

/// <summary>One measured line of the benchmark table.</summary>
sealed record FetchMeasurement(string Suite, string Case, long Rows, TimeSpan Elapsed, TimeSpan Cpu, long AllocatedBytes)
{
    public double RowsPerSecond => Rows / Elapsed.TotalSeconds;
}
