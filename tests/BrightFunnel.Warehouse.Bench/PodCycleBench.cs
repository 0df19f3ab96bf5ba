using System.Diagnostics;
using BrightFunnel.Warehouse.Generation;
using BrightFunnel.Warehouse.Testing;
using BrightFunnel.Warehouse.Impala.Engine;
using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Scheduling;
using Dapper;
using MySql.Data.MySqlClient;
using static BrightFunnel.Warehouse.Bench.BenchTable;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Bench;

/// <summary>
/// A night on one pod as the seed's pods hold them: 20 size-S, 4 size-M and 1 size-L tenants, each with
/// exports of its own seed, on the offload, queued the way <c>bfw run</c> queues (largest first, so the
/// longest cycle is not the last to start) and run by one in-process scheduler node (as <c>bfw serve</c>
/// runs it) under the pod's default concurrency limit. The figures come from the run history, not from
/// the bench's clock.
/// </summary>
public sealed class PodCycleBench(string server, string root, BenchTable table)
{
    const int SmallTenants = 20, MediumTenants = 4, LargeTenants = 1;
    const long SmallSeeds = 101, MediumSeeds = 201, LargeSeeds = 301;

    /// <summary>The whole pod's night, first run queued to last run ended (issue 28).</summary>
    static readonly TimeSpan Target = TimeSpan.FromMinutes(6);

    /// <summary>A pod's default (<see cref="Pod.DefaultMaxConcurrent"/>); BFW_BENCH_POD_LIMIT changes it.</summary>
    static int PodLimit => int.TryParse(Environment.GetEnvironmentVariable("BFW_BENCH_POD_LIMIT"), out var n) && n > 0 ? n : Pod.DefaultMaxConcurrent;

    /// <summary>The engine every run asks for, like <c>bfw run --engine</c>: the offload unless BFW_BENCH_ENGINE says mysql.</summary>
    static string Engine => Environment.GetEnvironmentVariable("BFW_BENCH_ENGINE") is { Length: > 0 } e ? e : "impala";

    /// <summary>How long the bench waits for the last run (BFW_BENCH_PATIENCE, minutes); beyond it the node is stopped and the table says what was left.</summary>
    static TimeSpan Patience => TimeSpan.FromMinutes(int.TryParse(Environment.GetEnvironmentVariable("BFW_BENCH_PATIENCE"), out var m) && m > 0 ? m : 45);

    /// <summary>In the order they are queued: largest first.</summary>
    public static IReadOnlyList<PodTenant> Tenants { get; } =
    [
        .. Enumerable.Range(1, LargeTenants).Select(i => new PodTenant(TenantId.Parse($"bench_pod_l{i}"), GeneratorSize.L, LargeSeeds + i - 1)),
        .. Enumerable.Range(1, MediumTenants).Select(i => new PodTenant(TenantId.Parse($"bench_pod_m{i}"), GeneratorSize.M, MediumSeeds + i - 1)),
        .. Enumerable.Range(1, SmallTenants).Select(i => new PodTenant(TenantId.Parse($"bench_pod_s{i:00}"), GeneratorSize.S, SmallSeeds + i - 1)),
    ];

    public void Run() => RunAsync().GetAwaiter().GetResult();

    async Task RunAsync()
    {
        if (!AttributionEngines.Names.Contains(Engine))
            throw new ArgumentException($"BFW_BENCH_ENGINE must be one of {string.Join(", ", AttributionEngines.Names)}, got '{Engine}'");
        var exports = new PodTenantExports(Path.Combine(root, "exports", "pod"));
        var (generated, generating) = exports.Ensure(Tenants);
        table.Add(new("pod-cycle", $"exports: {SmallTenants} × S (seeds {SmallSeeds}–{SmallSeeds + SmallTenants - 1}), {MediumTenants} × M (seeds {MediumSeeds}–{MediumSeeds + MediumTenants - 1}), {LargeTenants} × L (seed {LargeSeeds}), one seed per tenant",
            generated == 0 ? "reused" : $"{generated} generated, {Seconds(generating)}"));

        var setup = Stopwatch.StartNew();
        using var pod = new BenchPod(server, PodLimit, exports.Root);
        foreach (var t in Tenants) pod.AddTenant(t.Id);
        table.Add(new("pod-cycle", $"setup: control, web and {Tenants.Count} tenant databases migrated", Seconds(setup.Elapsed)));
        var scheduler = pod.Settings.Scheduler;
        table.Add(new("pod-cycle", $"pod limit (pod max_concurrent; node pool {scheduler.MaxConcurrentCycles} threads)", $"{PodLimit} cycles"));
        table.Add(new("pod-cycle", "scheduler: idle wait, misfire threshold", $"{scheduler.IdleWaitTime.TotalSeconds} s, {scheduler.MisfireThreshold.TotalSeconds} s"));
        table.Add(new("pod-cycle", "engine", Engine));
        table.Add(new("pod-cycle", "server: version, innodb_stats_persistent, split_materialized", ServerFacts()));

        // The offload needs an engine to talk to: the local one, in this process, as the attribution section starts it.
        using var impala = Engine == "impala" ? LocalImpalaEngine.Start(0, Path.Combine(root, "impala")) : null;
        if (impala is not null)
            pod.Settings.Impala = new ImpalaSettings { Host = "127.0.0.1", Port = impala.Port, Root = Path.Combine(root, "impala") };

        await using var client = await WarehouseScheduler.Client(pod.Settings);
        var queue = new RunQueue(pod.Settings, client.Scheduler);
        var queued = new List<long>();
        foreach (var t in Tenants) queued.Add(await queue.Enqueue(t.Id, from: null, only: null, Engine));

        var finished = await RunNode(pod.Settings, client, queued);
        var history = new RunStore(pod.Settings.Control.ConnectionString);
        new PodCycleReport(table, PodLimit, Target).Add(Tenants, queued.Select(history.Attempts).ToList(), history.Steps, finished);
        if (PeakRssMegabytes() is { } peak)
            table.Add(new("pod-cycle", "peak RSS of the bench process (scheduler node and local engine, VmHWM)", $"{Number(peak)} MB"));
    }

    /// <summary>The process's peak resident memory so far (Linux), for the capacity model's memory per pod.</summary>
    static double? PeakRssMegabytes() =>
        File.Exists("/proc/self/status")
            ? File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
                .Select(l => BenchResultFile.FirstNumber(l) / 1024).FirstOrDefault()
            : null;

    /// <summary>
    /// Whether InnoDB keeps statistics persistently decides how stale they are when a step joins a
    /// table the previous statement just filled, and with them which plan MariaDB picks (split
    /// materialization among them) — the difference between seconds and many minutes here
    /// (docs/decisions/pod-bench.md).
    /// </summary>
    string ServerFacts()
    {
        using var c = new MySqlConnection(server);
        c.Open();
        var (version, persistent, switches) = c.QuerySingle<(string, long, string)>("SELECT VERSION(), @@global.innodb_stats_persistent, @@global.optimizer_switch");
        var split = switches.Split(',').FirstOrDefault(s => s.StartsWith("split_materialized=", StringComparison.Ordinal))?.Split('=')[1] ?? "n/a";
        return $"{version.Split('-')[0]}, {(persistent != 0 ? "on" : "off")}, {split}";
    }

    /// <summary>Starts a node, waits for every queued run (and its retries) to end, and stops it; false when patience ran out.</summary>
    static async Task<bool> RunNode(WarehouseSettings settings, SchedulerHandle client, IReadOnlyList<long> queued)
    {
        using var stop = new CancellationTokenSource();
        var node = Task.Run(() => new SchedulerNode(settings, $"bench-{Environment.ProcessId}").Run(stop.Token, line => Console.WriteLine($"  | {line}")));
        using var patience = new CancellationTokenSource(Patience);
        var follower = new RunFollower(settings, client.Scheduler);
        try
        {
            var all = FollowAll(follower, queued, patience.Token);
            if (await Task.WhenAny(all, node) == node)
            {
                await node; // a failed node throws here
                throw new InvalidOperationException("the scheduler node stopped before the runs ended");
            }
            await all;
            return true;
        }
        catch (OperationCanceledException) when (patience.IsCancellationRequested)
        {
            Console.WriteLine($"  gave up waiting after {Patience}; stopping the node cancels what still runs");
            return false;
        }
        finally
        {
            patience.Cancel();
            stop.Cancel();
            await node;
        }
    }

    static async Task FollowAll(RunFollower follower, IReadOnlyList<long> queued, CancellationToken cancel)
    {
        foreach (var runId in queued) await follower.Follow(runId, _ => { }, cancel);
    }
}
