using System.Globalization;
using BrightFunnel.Warehouse.Generation;
using BrightFunnel.Warehouse.Orchestrator;

namespace BrightFunnel.Warehouse.Console;

/// <summary><c>bfw generate &lt;tenant&gt; --size S|M|L [--seed N] [--as-of yyyy-MM-dd] [--out DIR] [--web] [--abm]</c>.</summary>
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
        var asOfText = args.Option("as-of");
        DateOnly? asOf = null;
        if (asOfText is not null)
            asOf = DateOnly.TryParseExact(asOfText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? date : throw new BadInputException($"--as-of must be a date yyyy-MM-dd, got '{asOfText}'");
        var folder = args.Option("out", Path.Combine(".bfw", "exports", tenant.Value));
        // Off by default: at L the web activity is 30M events, several GB.
        var web = args.Switch("web");
        // Off by default: without it every file is byte for byte what it always was.
        var abm = args.Switch("abm");
        args.RejectUnused();

        var options = new GenerationOptions(size, seed, folder, web, asOf, abm);
        var progress = new TerminalProgress(console, json: false);
        // S takes a second; M and L take long enough to want a sign of life.
        var report = size == GeneratorSize.S || !progress.Enabled ? TenantDataGenerator.Generate(options) : WithProgress(options, progress);
        console.Print($"generated tenant {tenant}: size {report.Size}, seed {report.Seed}, reference date {report.ReferenceDate:yyyy-MM-dd}");
        console.Print($"into {report.OutputDirectory}");
        var table = new TextTable("file", "rows", "MB", "seconds");
        foreach (var f in report.Files)
            table.Add(f.FileName, f.Rows.ToString("N0", CultureInfo.InvariantCulture), f.Bytes / 1048576.0, f.Elapsed.TotalSeconds);
        console.Print(table.ToString());
        if (report.Web is { } w)
        {
            console.Print(string.Create(CultureInfo.InvariantCulture,
                $"web activity on {w.SiteHost}: {w.Events:N0} events ({w.Bytes / 1048576.0:N0} MB) in {w.Segments.Count} closed segments under {w.EventsFolder}, {w.Elapsed.TotalSeconds:F2} s ({w.EventsPerSecond:N0} events/s)"));
            console.Print(string.Create(CultureInfo.InvariantCulture,
                $"web truth in {w.TruthFolder}: {w.Visitors:N0} visitors ({w.IdentifiedVisitors:N0} identified), {w.Sessions:N0} sessions"));
            console.Print($"load with: bfw events import {tenant} {w.EventsFolder}");
        }
        if (report.Abm is { } a)
        {
            console.Print($"abm target list in {a.ListFolder}: {a.TargetAccounts:N0} accounts in target_accounts.csv (plus {AbmData.UnmatchedDomain}, which matches none), {a.TargetDomains:N0} domains in target_domains.csv");
            console.Print($"abm truth in {a.TruthFolder}: {a.PlantedSpikes:N0} planted spikes (spikes.csv), {a.PlantedMembers:N0} campaign members appended to {ExportFiles.CampaignMember}");
            console.Print($"load with: bfw abm list add {tenant} targets --file {Path.Combine(a.ListFolder, "target_accounts.csv")}");
        }
        console.Print(string.Create(CultureInfo.InvariantCulture, $"total {report.Elapsed.TotalSeconds:F2} s (plan {report.PlanElapsed.TotalSeconds:F2} s, files written in parallel)"));
        return BfwConsole.Ok;
    }

    // The generator writes its files in parallel and reports at the end: the bytes on disk are the progress.
    static GenerationReport WithProgress(GenerationOptions options, TerminalProgress progress) =>
        progress.Run($"generating size {options.Size} into {options.OutputDirectory}", null, line =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var work = Task.Run(() => TenantDataGenerator.Generate(options));
            while (!work.Wait(TimeSpan.FromMilliseconds(250)))
            {
                var mb = (Directory.Exists(options.OutputDirectory)
                    ? Directory.EnumerateFiles(options.OutputDirectory, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) : 0) / 1048576.0;
                line.Update(0, string.Create(CultureInfo.InvariantCulture, $"generating size {options.Size}: {mb:N0} MB written ({mb / clock.Elapsed.TotalSeconds:N0} MB/s)"));
            }
            return SyncBridge.Wait(work);
        });
}
