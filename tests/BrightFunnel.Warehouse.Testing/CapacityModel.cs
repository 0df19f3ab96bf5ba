using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
namespace BrightFunnel.Warehouse.Testing;

/// <summary>What the capacity model is computed from: figures of bench result files, each named with its file.</summary>
public sealed record CapacityInputs(
    string PodFile, int Cores, int PodLimit, int PodTenants, double PodWallSeconds,
    IReadOnlyDictionary<(string Size, string Step), double> StepMeans,
    WebFigure? WebM, WebFigure? WebL, LakeFigure? Lake, double? PeakRssMegabytes, IReadOnlyList<SchedulerFigure> Scheduler,
    EngineMemoryFigure? EngineMemory = null, LaterNightFigure? LaterNight = null)
{
    /// <summary>Reads the newest results that hold each figure; null when no pod-cycle run with an L tenant was ever recorded.</summary>
    public static CapacityInputs? From(string resultsFolder)
    {
        var pod = BenchResultFile.Newest(resultsFolder, r => r.Section == "pod-cycle" && StepMean(r) is { Size: "L" });
        if (pod is null) return null;
        var means = pod.Rows.Where(r => r.Section == "pod-cycle").Select(r => (Row: r, Mean: StepMean(r))).Where(x => x.Mean is not null)
            .ToDictionary(x => (x.Mean!.Value.Size, x.Mean.Value.Step), x => BenchResultFile.FirstNumber(x.Row.Value) ?? 0);
        double Pod(string measureStart) => pod.Rows.Where(r => r.Section == "pod-cycle" && r.Measure.StartsWith(measureStart, StringComparison.Ordinal))
            .Select(r => BenchResultFile.FirstNumber(r.Value)).FirstOrDefault() ?? 0;
        return new CapacityInputs(pod.Path, pod.Cores, (int)Pod("pod limit"), pod.Rows.Count(r => r.Section == "pod-cycle" && r.Measure.StartsWith("bench_pod_", StringComparison.Ordinal)),
            Pod("wall: first run queued"), means, Web(resultsFolder, "M"), Web(resultsFolder, "L"), LakeFigure.From(resultsFolder),
            pod.Rows.Where(r => r.Section == "pod-cycle" && r.Measure.StartsWith("peak RSS", StringComparison.Ordinal)).Select(r => BenchResultFile.FirstNumber(r.Value)).FirstOrDefault(),
            SchedulerFigure.From(resultsFolder), EngineMemoryFigure.From(resultsFolder), LaterNightFigure.From(resultsFolder));
    }

    static (string Size, string Step)? StepMean(BenchResultRow r) =>
        Regex.Match(r.Measure, @"^size (S|M|L) (\w+): mean \(max\)") is { Success: true } m
            ? (m.Groups[1].Value, m.Groups[2].Value) : null;

    static WebFigure? Web(string folder, string size)
    {
        var pattern = new Regex($@"^size {size}: ([\d,]+) events shipped, then processed");
        var file = BenchResultFile.Newest(folder, r => r.Section == "events" && pattern.IsMatch(r.Measure));
        var row = file?.Rows.First(r => r.Section == "events" && pattern.IsMatch(r.Measure));
        return row is null ? null
            : new WebFigure(file!.Path, file.Cores, BenchResultFile.FirstNumber(pattern.Match(row.Measure).Groups[1].Value) ?? 0, BenchResultFile.FirstNumber(row.Value) ?? 0);
    }
}

/// <summary>A size's web activity shipped and processed (<c>./run bench events</c>): its events and the wall time, one cycle on the machine.</summary>
public sealed record WebFigure(string File, int Cores, double Events, double Seconds);

/// <summary>The scheduler simulation (<c>./run bench scheduler</c>) with some number of nodes: runs a second with every slot busy, and a run's time beyond its step.</summary>
public sealed record SchedulerFigure(string File, int Nodes, double RunsPerSecond, double OverheadMilliseconds)
{
    static readonly Regex Rate = new(@"^(\d+) node\(s\): runs a second"), Overhead = new(@"^(\d+) node\(s\): a run's time beyond its step");

    public static IReadOnlyList<SchedulerFigure> From(string folder)
    {
        var file = BenchResultFile.Newest(folder, r => r.Section == "scheduler" && Rate.IsMatch(r.Measure));
        if (file is null) return [];
        double? Of(Regex pattern, string nodes) => file.Rows.Where(r => r.Section == "scheduler" && pattern.Match(r.Measure) is { Success: true } m && m.Groups[1].Value == nodes)
            .Select(r => BenchResultFile.FirstNumber(r.Value)).FirstOrDefault();
        return file.Rows.Where(r => r.Section == "scheduler").Select(r => Rate.Match(r.Measure)).Where(m => m.Success).Select(m => m.Groups[1].Value)
            .Select(n => new SchedulerFigure(file.Path, int.Parse(n, CultureInfo.InvariantCulture), Of(Rate, n) ?? 0, Of(Overhead, n) ?? 0)).ToList();
    }
}

/// <summary>The engine's largest resident memory over an L cycle's steps (<c>./run bench profile</c>, the engine in a process of its own).</summary>
public sealed record EngineMemoryFigure(string File, double PeakMegabytes)
{
    static readonly Regex Peak = new(@"peak RSS .*engine ([\d,]+) MB");

    public static EngineMemoryFigure? From(string folder)
    {
        var file = BenchResultFile.Newest(folder, r => r.Section == "profile L" && Peak.IsMatch(r.Measure));
        return file is null ? null
            : new EngineMemoryFigure(file.Path, file.Rows.Where(r => r.Section == "profile L").Select(r => Peak.Match(r.Measure))
                .Where(m => m.Success).Max(m => BenchResultFile.FirstNumber(m.Groups[1].Value) ?? 0));
    }
}

/// <summary>
/// The L whole cycle's first night and the next one on the same export (<c>./run bench attribution</c>): the
/// pod bench's tenants are all first nights, and every night after a tenant's first merges into loaded tables.
/// </summary>
public sealed record LaterNightFigure(string File, double FirstSeconds, double NextSeconds)
{
    static readonly Regex First = new(@"^size L: whole cycle on the offload, ingest to publish"), Next = new(@"^size L: the next night, the same export again");

    public static LaterNightFigure? From(string folder)
    {
        var file = BenchResultFile.Newest(folder, r => r.Section == "attribution" && Next.IsMatch(r.Measure));
        double? Of(Regex pattern) => file?.Rows.Where(r => r.Section == "attribution" && pattern.IsMatch(r.Measure)).Select(r => BenchResultFile.FirstNumber(r.Value)).FirstOrDefault();
        return file is not null && Of(First) is { } first && Of(Next) is { } next ? new LaterNightFigure(file.Path, first, next) : null;
    }
}

/// <summary>The lake's Parquet bytes per event (<c>./run bench lake</c> or <c>events</c>).</summary>
public sealed record LakeFigure(string File, double BytesPerEvent)
{
    static readonly Regex Ship = new(@"^ship ([\d,]+) events \(\d+ segments, [\d,]+ MB spool → ([\d,]+) MB Parquet\)");

    public static LakeFigure? From(string folder)
    {
        var file = BenchResultFile.Newest(folder, r => Ship.IsMatch(r.Measure));
        if (file is null) return null;
        var m = Ship.Match(file.Rows.First(r => Ship.IsMatch(r.Measure)).Measure);
        return new LakeFigure(file.Path, BenchResultFile.FirstNumber(m.Groups[2].Value)!.Value * 1e6 / BenchResultFile.FirstNumber(m.Groups[1].Value)!.Value);
    }
}

/// <summary>
/// How much a night of 2,500 tenants needs (issue 28), computed from measured per-tenant costs. A
/// step's core-seconds are its mean wall time in the pod bench times the machine's cores over the
/// cycles that shared them (the pod's limit: the slots were all but always busy); the web activity's
/// are one cycle's wall time alone times the cores. Steps that read and write MySQL count on the pod,
/// steps whose heavy part runs on the engine count on the cluster (their copy-backs into MySQL
/// included, until the per-step profile splits them).
/// </summary>
public sealed class CapacityModel(CapacityInputs inputs)
{
    public const int Tenants = 2_500, TenantsPerPod = 25;
    public const double WindowSeconds = 4 * 3600, Headroom = 0.7;

    public static readonly IReadOnlyDictionary<string, double> Mix = new Dictionary<string, double>
        { ["S"] = 0.70, ["M"] = 0.25, ["L"] = 0.05 };

    /// <summary>Web events per tenant and night at ten times the CRM's touches (the generator's sizes of issue 25).</summary>
    public static readonly IReadOnlyDictionary<string, double> WebEvents = new Dictionary<string, double>
        { ["S"] = 200_000, ["M"] = 3_000_000, ["L"] = 30_000_000 };

    public static readonly string[] PodSteps = ["ingest", "check", "canonicalize", "match", "publish"];
    public static readonly string[] ClusterSteps = ["web", "attribute", "aggregate", "engage"];

    const double HdfsReplication = 3;

    double Share => (double)inputs.Cores / Math.Max(1, inputs.PodLimit);

    public double PodCoreSeconds(string size) => PodSteps.Sum(s => inputs.StepMeans.GetValueOrDefault((size, s))) * Share;

    public double ClusterCoreSeconds(string size) => ClusterSteps.Sum(s => inputs.StepMeans.GetValueOrDefault((size, s))) * Share;

    /// <summary>Shipping and processing a night of the size's web events: measured where the bench ran that size, else scaled from M by events.</summary>
    public double WebCoreSeconds(string size)
    {
        var figure = size == "L" && inputs.WebL is { } l ? l : inputs.WebM;
        return figure is null || figure.Events <= 0 ? 0 : figure.Seconds * figure.Cores * WebEvents[size] / figure.Events;
    }

    double Mean(Func<string, double> cost) => Mix.Sum(m => m.Value * cost(m.Key));

    public int Pods => (int)Math.Ceiling((double)Tenants / TenantsPerPod);

    /// <summary>Cores one pod's MySQL server needs to finish its 25 tenants in the window with headroom.</summary>
    public double CoresPerPod => TenantsPerPod * Mean(PodCoreSeconds) / (WindowSeconds * Headroom);

    /// <summary>Hours a pod's night takes on a machine like the bench's, the engine's work elsewhere.</summary>
    public double PodHoursOnBenchMachine => TenantsPerPod * Mean(PodCoreSeconds) / inputs.Cores / 3600;

    /// <summary>Tenants a pod of the bench machine's cores could take by CPU alone, in the window with headroom.</summary>
    public double TenantsPerPodByCpu => inputs.Cores * WindowSeconds * Headroom / Mean(PodCoreSeconds);

    public double ClusterCores => Tenants * Mean(s => ClusterCoreSeconds(s) + WebCoreSeconds(s)) / (WindowSeconds * Headroom);

    /// <summary>Cluster cycles running at once on average, each using the bench's cores for its cluster time.</summary>
    public double ConcurrentClusterCycles => Tenants * Mean(s => ClusterCoreSeconds(s) + WebCoreSeconds(s)) / inputs.Cores / (WindowSeconds * Headroom);

    /// <summary>Memory for those cycles, every one at the L cycle's engine peak: an upper bound (S and M peaks are not profiled).</summary>
    public double? ClusterMemoryGigabytes => inputs.EngineMemory is { } m ? Math.Ceiling(ConcurrentClusterCycles) * m.PeakMegabytes / 1000 : null;

    public double? LakeTerabytesPerDay => inputs.Lake is { } lake ? Tenants * Mean(s => WebEvents[s]) * lake.BytesPerEvent * HdfsReplication / 1e12 : null;

    public string Markdown()
    {
        var sb = new StringBuilder();
        sb.AppendLine("# Capacity: 2,500 tenants in a 4-hour night").AppendLine();
        sb.AppendLine("Generated by `./run bench capacity` from the newest bench results; do not edit by hand. The model and its");
        sb.AppendLine("limits are in `tests/BrightFunnel.Warehouse.Testing/CapacityModel.cs`.").AppendLine();
        sb.AppendLine("## Measured inputs").AppendLine();
        sb.AppendLine($"- Pod night: `{Name(inputs.PodFile)}`: {inputs.PodTenants} tenants on {inputs.Cores} cores, {inputs.PodLimit} cycles at a time, " +
                      $"{Number(inputs.PodWallSeconds, 1)} s from first queued to last ended. Each step's core-seconds = its mean wall time × {inputs.Cores} / {inputs.PodLimit}.");
        sb.AppendLine(inputs.WebM is { } m
            ? $"- Web activity at M: `{Name(m.File)}`: {Number(m.Events)} events shipped and processed in {Number(m.Seconds, 1)} s on {m.Cores} cores."
            : "- Web activity: no `./run bench events` result yet (counted as 0).");
        if (inputs.WebL is { } l) sb.AppendLine($"- Web activity at L: `{Name(l.File)}`: {Number(l.Events)} events in {Number(l.Seconds, 1)} s on {l.Cores} cores.");
        sb.AppendLine(inputs.Lake is { } lake
            ? $"- Lake: `{Name(lake.File)}`: {Number(lake.BytesPerEvent, 1)} bytes of Parquet per event."
            : "- Lake: no shipping result yet.");
        if (inputs.EngineMemory is { } engineMemory)
            sb.AppendLine($"- Engine memory: `{Name(engineMemory.File)}`: {Number(engineMemory.PeakMegabytes)} MB at most over an L cycle's steps (the engine in a process of its own).");
        if (inputs.LaterNight is { } later)
            sb.AppendLine($"- Later nights at L: `{Name(later.File)}`: the whole cycle took {Number(later.FirstSeconds, 1)} s on a fresh tenant and " +
                          $"{Number(later.NextSeconds, 1)} s the next night on the same export, merged into loaded tables ({Number((later.NextSeconds / later.FirstSeconds - 1) * 100)} % more). " +
                          "The pod night's tenants are all first nights, so the costs below are those of a first night.");
        sb.AppendLine(inputs.PeakRssMegabytes is { } rss
            ? $"- Peak memory of the pod bench's process (scheduler node and local engine together): {Number(rss)} MB."
            : "- Peak memory per cycle: not in this pod-cycle result (older bench).");
        sb.AppendLine().AppendLine("## Per tenant and night, core-seconds").AppendLine();
        sb.AppendLine("| size | share | pod (" + string.Join(", ", PodSteps) + ") | cluster (" + string.Join(", ", ClusterSteps) + ") | web activity (10× touches) |");
        sb.AppendLine("|---|---|---|---|---|");
        foreach (var (size, share) in Mix)
            sb.AppendLine($"| {size} | {share.ToString("P0", CultureInfo.InvariantCulture)} | {Number(PodCoreSeconds(size), 1)} | {Number(ClusterCoreSeconds(size), 1)} | {Number(WebCoreSeconds(size), 1)} ({Number(WebEvents[size])} events) |");
        sb.AppendLine().AppendLine("## What 2,500 tenants need").AppendLine();
        sb.AppendLine($"Mix 70 % S, 25 % M, 5 % L; window {Number(WindowSeconds / 3600)} h; resources sized to be busy at most {Headroom.ToString("P0", CultureInfo.InvariantCulture)} of it (retries, skew, a late export).").AppendLine();
        sb.AppendLine($"- **Pods**: {Pods} of {TenantsPerPod} tenants. Each needs {Number(CoresPerPod, 2)} cores for its MySQL half; on a machine like the bench's " +
                      $"({inputs.Cores} cores) its night takes {Number(PodHoursOnBenchMachine, 2)} h with the engine's work elsewhere.");
        sb.AppendLine($"  By CPU alone such a pod could take {Number(TenantsPerPodByCpu)} tenants of this mix; its memory and disk (each tenant's working set, not modelled) bound it before that.");
        sb.AppendLine($"- **Cluster**: {Number(ClusterCores, 1)} cores for the offloaded steps and the web activity, about {Number(ConcurrentClusterCycles, 1)} cycles at once" +
                      (ClusterMemoryGigabytes is { } gb ? $"; memory at most {Number(gb, 1)} GB ({Number(Math.Ceiling(ConcurrentClusterCycles))} cycles at the L cycle's engine peak, an upper bound: S and M are not profiled)." : "; memory not profiled yet (`./run bench profile`)."));
        sb.AppendLine(LakeTerabytesPerDay is { } tb
            ? $"- **HDFS**: the lake grows {Number(tb, 2)} TB a day with 3× replication ({Number(tb * 365, 0)} TB a year kept); the run databases are dropped after each run."
            : "- **HDFS**: not computed (no lake result).");
        var needed = Tenants / WindowSeconds;
        if (inputs.Scheduler.Count == 0)
            sb.AppendLine($"- **Scheduler nodes and the control database**: not simulated yet (`./run bench scheduler`). 2,500 runs in the window is {Number(needed, 2)} runs a second.");
        else
        {
            var best = inputs.Scheduler.MaxBy(f => f.RunsPerSecond)!;
            sb.AppendLine($"- **Scheduler nodes and the control database** (`{Name(best.File)}`, near-empty runs, every node a process on this machine): " +
                          string.Join("; ", inputs.Scheduler.Select(f => $"{f.Nodes} node(s) sustained {Number(f.RunsPerSecond, 1)} runs a second, {Number(f.OverheadMilliseconds)} ms per run beyond its step")) + ".");
            sb.AppendLine($"  The night needs {Number(needed, 2)} runs a second: {Number(best.RunsPerSecond / needed, 0)}× under the best rate measured, so one node (a second for failover) is enough, " +
                          $"and the scheduler's own time is {Number(Tenants * best.OverheadMilliseconds / 1000 / 3600, 2)} node-hours a night.");
        }
        sb.AppendLine().AppendLine("## First bottleneck").AppendLine();
        var podCores = Pods * CoresPerPod;
        sb.AppendLine(ClusterCores > podCores
            ? $"By cost, the cluster: {Number(ClusterCores, 1)} cores against {Number(podCores, 1)} for all pods' MySQL together. Pods scale out by adding pods; the cluster is one shared pool."
            : $"By cost, the pods: {Number(podCores, 1)} cores of MySQL over all pods against {Number(ClusterCores, 1)} on the cluster.");
        sb.AppendLine(inputs.Scheduler.Count == 0
            ? "The shared control database and Quartz's lock table are not measured at this rate (above), so they are not ruled out."
            : "The shared control database and Quartz's lock table are far from it at this rate (above): they carry the scheduler's rows, not the data.");
        return sb.ToString();
    }

    static string Name(string path) => Path.GetFileName(path);

    static string Number(double value, int decimals = 0) => value.ToString("N" + decimals, CultureInfo.InvariantCulture);
}
