using System.Diagnostics;
using System.Globalization;

namespace BrightFunnel.Warehouse.Bench;

/// <summary>
/// How long an operator waits for a no-op console command: <c>./run bfw tenant list</c> (service
/// checks, staleness check, then the binary) against the binary alone, median of several runs each.
/// The aim is the wrapper within 0.5 s of the binary.
/// </summary>
public sealed class ConsoleLatencyBench(BenchTable table)
{
    const int Runs = 10;
    static readonly TimeSpan Aim = TimeSpan.FromSeconds(0.5);

    public void Run()
    {
        // ./run bench runs from the repository root with the private database's variables exported.
        var script = Path.GetFullPath("run");
        var binary = Path.GetFullPath(Path.Combine("orchestrator", "BrightFunnel.Warehouse.Console", "bin", "Release", "net10.0", "bfw"));
        if (!File.Exists(script) || !File.Exists(binary)) throw new InvalidOperationException($"run the console bench from the repository root through ./run bench ({script}, {binary})");
        Measure(binary, "migrate", "apply", "--db", "control"); // tenant list needs the control tables

        Measure(script, "bfw", "tenant", "list"); // warm both once: the first call may build or fill caches
        Measure(binary, "tenant", "list");
        var wrapped = Median(Enumerable.Range(0, Runs).Select(_ => Measure(script, "bfw", "tenant", "list")));
        var direct = Median(Enumerable.Range(0, Runs).Select(_ => Measure(binary, "tenant", "list")));
        var overhead = wrapped - direct;
        table.Add(new BenchRow("console", $"./run bfw tenant list, median of {Runs}", Secs(wrapped), Command: "./run bfw tenant list"));
        table.Add(new BenchRow("console", $"bfw tenant list (the binary), median of {Runs}", Secs(direct), Command: "bfw tenant list"));
        table.Add(new BenchRow("console", "./run bfw overhead over the binary", Secs(overhead), $"≤ {Secs(Aim)}", overhead <= Aim));
    }

    static TimeSpan Measure(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        clock.Stop();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited {process.ExitCode}: {stderr.Result}{stdout.Result}");
        return clock.Elapsed;
    }

    static TimeSpan Median(IEnumerable<TimeSpan> times)
    {
        var sorted = times.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    static string Secs(TimeSpan t) => t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";
}
