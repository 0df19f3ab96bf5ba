using System.Globalization;
using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Generation;

namespace BrightFunnel.Warehouse.Console;

/// <summary><c>bfw generate &lt;tenant&gt; --size S|M|L [--seed N] [--out DIR]</c>.</summary>
sealed class GenerateCommand(BfwConsole console)
{
    public int Run(CommandArgs args)
    {
        var tenant = TenantId.Parse(args.Positional(0, "tenant id"));
        var size = SizeProfile.ParseSize(args.RequiredOption("size"));
        var seedText = args.Option("seed");
        var seed = GenerationOptions.DefaultSeed;
        if (seedText is not null && !long.TryParse(seedText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seed))
            throw new BadInputException($"--seed must be an integer, got '{seedText}'");
        var folder = args.Option("out", Path.Combine(".bfw", "exports", tenant.Value));
        args.RejectUnused();

        var report = TenantDataGenerator.Generate(new GenerationOptions(size, seed, folder));
        console.Print($"generated tenant {tenant}: size {report.Size}, seed {report.Seed}, reference date {report.ReferenceDate:yyyy-MM-dd}");
        console.Print($"into {report.OutputDirectory}");
        var table = new TextTable("file", "rows", "MB", "seconds");
        foreach (var f in report.Files)
            table.Add(f.FileName, f.Rows.ToString("N0", CultureInfo.InvariantCulture), f.Bytes / 1048576.0, f.Elapsed.TotalSeconds);
        console.Print(table.ToString());
        console.Print(string.Create(CultureInfo.InvariantCulture, $"total {report.Elapsed.TotalSeconds:F2} s (plan {report.PlanElapsed.TotalSeconds:F2} s, files written in parallel)"));
        return BfwConsole.Ok;
    }
}
