using System.Diagnostics;
using BrightFunnel.Warehouse.Bench;
using BrightFunnel.Warehouse.Orchestrator;

// ./run bench [section ...]   sections: see BenchSections.All (default: all, in that order)
var server = Environment.GetEnvironmentVariable("BFW_TEST_SERVER") is { Length: > 0 } s ? s
    : WarehouseSettings.LocalServer(int.TryParse(Environment.GetEnvironmentVariable("BFW_DB_PORT"), out var port) ? port : 33306);
var root = Path.GetFullPath(Environment.GetEnvironmentVariable("BFW_BENCH_DATA") ?? Path.Combine(".bfw", "bench"));
var sections = args.Length > 0 ? args : BenchSections.All;
// BFW_BENCH_LOG_LEVEL=Info keeps each step's own timings (every offloaded statement) in .bfw/bench/logs.
// The profile section reads the offloaded statements' times from that log, so it needs Info.
Logging.Configure(new LogSettings { Directory = Path.Combine(root, "logs"),
    Level = Environment.GetEnvironmentVariable("BFW_BENCH_LOG_LEVEL") ?? (args.Contains("profile") ? "Info" : "Warn") });

new ParallelismSettings().ApplyToProcess();
var table = new BenchTable();
var clock = Stopwatch.StartNew();
var loadAtStart = LoadAverage();
var speedAtStart = MachineSpeed.Measure();
var stolenAtStart = MachineSpeed.StolenSeconds();
var results = CapacitySection.ResultsFolder;
Directory.CreateDirectory(results);
var file = Path.Combine(results, $"bench-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md");
Console.WriteLine($"bench on {Environment.ProcessorCount} cores (load average {loadAtStart}, one core's calibration {speedAtStart} ms), data in {root}");
try
{
    using var bench = new BenchSections(server, root, table);
    foreach (var section in sections)
    {
        bench.Run(section);
        Write(); // after every section, so a long run that dies later keeps what it measured
    }
}
catch (Exception e) when (e is ArgumentException or InvalidOperationException)
{
    // A bad section name or setting, or a section that cannot start: said in one line, not as a stack.
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}
Console.WriteLine($"\nwritten to {file}");
return 0;

void Write()
{
    var header = $"# Bench {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC\n\n{Environment.ProcessorCount} cores, {Environment.OSVersion}, load average {loadAtStart} at the start, {LoadAverage()} now; " +
                 $"`./run bench {string.Join(' ', args)}` took {BenchTable.Seconds(clock.Elapsed)}. {MachineSpeedLine()}";
    File.WriteAllText(file, table.ToMarkdown(header));
    File.Copy(file, Path.Combine(results, "latest.md"), overwrite: true);
}

// One core's speed at the start and now (MachineSpeed: lower is faster), and the CPU the hypervisor took meanwhile.
string MachineSpeedLine()
{
    var stolen = MachineSpeed.StolenSeconds() - stolenAtStart;
    return $"Calibration (SHA-256 of 256 MB on one core, lower is faster): {speedAtStart} ms at the start, {MachineSpeed.Measure()} ms now" +
           (stolen is { } st ? $"; {st:0.0} s of CPU stolen by the hypervisor since the start." : ".");
}

// Other work on the machine skews every figure: the table says how busy it was.
static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
