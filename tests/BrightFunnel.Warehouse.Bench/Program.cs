using System.Globalization;
using System.Text;
using BrightFunnel.Warehouse.Bench;

// ./run bench [suite…] [--rows N]: runs the benchmarks, prints a table and writes it to tests/bench/results/.
var rows = 1_000_000L;
var suites = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--rows" && i + 1 < args.Length) rows = long.Parse(args[++i], CultureInfo.InvariantCulture);
    else suites.Add(args[i]);
}
if (suites.Count == 0) suites.Add("impala-fetch");

var results = new List<BenchRow>();
foreach (var suite in suites)
{
    results.AddRange(suite switch
    {
        "impala-fetch" => [.. await ImpalaFetchBench.RunAsync(rows), await Hs2DecodeBench.RunAsync(rows)],
        _ => throw new ArgumentException($"unknown benchmark '{suite}' (known: impala-fetch)"),
    });
}

var table = new StringBuilder();
// Wall time depends on what else the machine runs; CPU seconds (engine and client together, one process) much less.
table.AppendLine($"{"suite",-14} {"case",-38} {"rows",12} {"seconds",9} {"cpu s",7} {"rows/s",12} {"alloc MB",9} {"vs first",9}");
var baseline = results.FirstOrDefault()?.RowsPerSecond ?? 1;
foreach (var r in results)
    table.AppendLine(string.Create(CultureInfo.InvariantCulture,
        $"{r.Suite,-14} {r.Case,-38} {r.Rows,12:N0} {r.Elapsed.TotalSeconds,9:F2} {r.Cpu.TotalSeconds,7:F2} {r.RowsPerSecond,12:N0} {r.AllocatedBytes / 1048576.0,9:N0} {r.RowsPerSecond / baseline,9:P0}"));
Console.Write(table);

var folder = Path.Combine(FindCheckout() ?? Directory.GetCurrentDirectory(), "tests", "bench", "results");
Directory.CreateDirectory(folder);
var file = Path.Combine(folder, $"{string.Join("+", suites)}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.txt");
// The load average says how much the (shared) machine was doing meanwhile: wall times depend on it.
var load = File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg")).Split(' ')[0] : "?";
await File.WriteAllTextAsync(file, $"# {DateTime.UtcNow:u} on {Environment.ProcessorCount} cores (load average {load}), {rows:N0} rows\n" + table);
Console.WriteLine($"written to {file}");

static string? FindCheckout()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "BrightFunnel.Warehouse.sln"))) return dir.FullName;
    return null;
}
