using BrightFunnel.Warehouse.Testing;
using static BrightFunnel.Warehouse.Bench.BenchTable;

namespace BrightFunnel.Warehouse.Bench;

/// <summary><c>./run bench capacity</c>: measures nothing; regenerates <c>docs/capacity.md</c> from the newest results.</summary>
public static class CapacitySection
{
    public static string ResultsFolder => Environment.GetEnvironmentVariable("BFW_BENCH_RESULTS") ?? Path.Combine("tests", "bench", "results");

    public const string Document = "docs/capacity.md";

    public static void Run(BenchTable table)
    {
        var inputs = CapacityInputs.From(ResultsFolder)
            ?? throw new InvalidOperationException($"no pod-cycle result with an L tenant under {ResultsFolder}: run ./run bench pod-cycle first");
        var model = new CapacityModel(inputs);
        File.WriteAllText(Document, model.Markdown());
        table.Add(new("capacity", $"2,500 tenants in 4 h (from {Path.GetFileName(inputs.PodFile)}): pods of {CapacityModel.TenantsPerPod}, cores per pod", $"{model.Pods}, {Number(model.CoresPerPod, 2)}"));
        table.Add(new("capacity", "2,500 tenants in 4 h: cluster cores (offloaded steps and web activity)", Number(model.ClusterCores, 1)));
        if (model.LakeTerabytesPerDay is { } tb) table.Add(new("capacity", "2,500 tenants: lake growth a day, 3× replicated", $"{Number(tb, 2)} TB"));
        Console.WriteLine($"  written to {Document}");
    }
}
