using System.Diagnostics;
using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Scheduling;
using Dapper;
using MySql.Data.MySqlClient;
using static BrightFunnel.Warehouse.Bench.BenchTable;

namespace BrightFunnel.Warehouse.Bench;

/// <summary>
/// The scheduler at scale, without the data (issue 28's capacity model): several <c>bfw serve</c>
/// processes on loopback share one control database and its Quartz tables, as nodes of a cluster do,
/// and run a burst of queued runs whose only step is the setup check of an empty tenant (a skip: a
/// few milliseconds of work). What the run history then shows is the scheduler's own cost: runs a
/// second while every slot has work, and the time of a run beyond its step. Figures from <c>runs</c>
/// and <c>run_steps</c>, as an operator reads them.
/// </summary>
public sealed class SchedulerSimulationBench(string server, string root, BenchTable table)
{
    const string Section = "scheduler";
    const int Pods = 10, TenantsPerPod = 5, RunsPerTenant = 10, PodLimit = 4;

    /// <summary>Node counts to try, BFW_BENCH_SCHEDULER_NODES (e.g. <c>1,2,4</c>).</summary>
    static int[] NodeCounts => (Environment.GetEnvironmentVariable("BFW_BENCH_SCHEDULER_NODES") ?? "1,4")
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(n => int.TryParse(n, out var count) && count is > 0 and <= 32 ? count
            : throw new ArgumentException($"BFW_BENCH_SCHEDULER_NODES must list node counts from 1 to 32, e.g. 1,4; got '{n}'")).ToArray();

    public void Run()
    {
        foreach (var nodes in NodeCounts) RunWith(nodes).GetAwaiter().GetResult();
    }

    async Task RunWith(int nodes)
    {
        var setup = Stopwatch.StartNew();
        using var pods = new BenchPod(server, PodLimit, Path.Combine(root, "exports", "scheduler"), "bfb_sched", Pods);
        var tenants = pods.Pods.SelectMany((pod, p) => Enumerable.Range(1, TenantsPerPod).Select(i => (Pod: pod, Tenant: TenantId.Parse($"bench_sim{p + 1:00}_{i}")))).ToList();
        foreach (var (pod, tenant) in tenants) pods.AddTenant(tenant, pod);
        var runs = tenants.Count * RunsPerTenant;
        table.Add(new(Section, $"{nodes} node(s): setup, {Pods} pods × {TenantsPerPod} tenants (limit {PodLimit} each) migrated", Seconds(setup.Elapsed)));

        var processes = Enumerable.Range(1, nodes).Select(i => StartNode(pods.Settings, $"sim{i}")).ToList();
        try
        {
            await using var client = await WarehouseScheduler.Client(pods.Settings);
            var queue = new RunQueue(pods.Settings, client.Scheduler);
            var clock = Stopwatch.StartNew();
            var queued = new List<long>();
            for (var round = 0; round < RunsPerTenant; round++)
                foreach (var (_, tenant) in tenants) queued.Add(await queue.Enqueue(tenant, from: null, only: "check", engine: null));
            var queueing = clock.Elapsed;
            var finished = WaitForAll(pods.Settings.Control.ConnectionString, queued, TimeSpan.FromMinutes(10));
            Report(nodes, pods.Settings.Control.ConnectionString, queued, queueing, finished);
        }
        finally
        {
            foreach (var p in processes)
            {
                try { if (!p.HasExited) p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                p.WaitForExit(10_000);
                p.Dispose();
            }
        }
    }

    /// <summary>The built console, as <c>./run bench</c> passes it (BFW_BIN).</summary>
    static string Bfw => Environment.GetEnvironmentVariable("BFW_BIN") is { Length: > 0 } bin && File.Exists(bin) ? bin
        : throw new InvalidOperationException("BFW_BIN does not name the built bfw: run the scheduler section through ./run bench");

    /// <summary>A node as an operator starts one, on the simulation's control database and key ring.</summary>
    static Process StartNode(WarehouseSettings s, string instance)
    {
        var info = new ProcessStartInfo(Bfw, ["serve", "--instance-id", instance])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["BFW__Control__ConnectionString"] = s.Control.ConnectionString,
                ["BFW__Web__ConnectionString"] = s.Web.ConnectionString,
                ["BFW__KeyRing"] = s.KeyRing,
                ["BFW_LOG_LEVEL"] = "Warn",
            },
        };
        info.Environment.Remove("BFW_DB_PORT");
        info.Environment.Remove("BFW_IMPALA_PORT");
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start bfw serve");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) Console.WriteLine($"  | {instance}: {line}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    static bool WaitForAll(string control, IReadOnlyList<long> runIds, TimeSpan patience)
    {
        using var c = new MySqlConnection(control);
        c.Open();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < patience)
        {
            var open = c.ExecuteScalar<long>("SELECT COUNT(*) FROM runs WHERE run_id IN @runIds AND ended_at IS NULL", new { runIds });
            if (open == 0) return true;
            Thread.Sleep(500);
        }
        return false;
    }

    void Report(int nodes, string control, IReadOnlyList<long> runIds, TimeSpan queueing, bool finished)
    {
        using var c = new MySqlConnection(control);
        c.Open();
        var runs = c.Query<(string Status, DateTime Queued, DateTime? Started, DateTime? Ended, string? Node)>(
            "SELECT status, queued_at, started_at, ended_at, node FROM runs WHERE run_id IN @runIds", new { runIds }).ToList();
        var stepSeconds = c.ExecuteScalar<double?>(
            "SELECT SUM(TIMESTAMPDIFF(MICROSECOND, started_at, ended_at)) / 1e6 FROM run_steps WHERE run_id IN @runIds AND ended_at IS NOT NULL", new { runIds }) ?? 0;
        var done = runs.Where(r => r.Started is not null && r.Ended is not null).ToList();
        var succeeded = runs.Count(r => r.Status == RunStatus.Succeeded.ToDbValue());
        table.Add(new(Section, $"{nodes} node(s): runs succeeded{(finished ? "" : " (gave up waiting after 10 min)")}", $"{succeeded}/{runIds.Count}",
            $"{runIds.Count}/{runIds.Count}", succeeded == runIds.Count));
        table.Add(new(Section, $"{nodes} node(s): queueing {runIds.Count} runs through RunQueue (one client)", $"{Number(runIds.Count / queueing.TotalSeconds, 1)} runs/s"));
        if (done.Count == 0) return;
        var first = done.Min(r => r.Started!.Value);
        var last = done.Max(r => r.Ended!.Value);
        var busy = done.Sum(r => (r.Ended!.Value - r.Started!.Value).TotalSeconds);
        table.Add(new(Section, $"{nodes} node(s): runs a second, first start → last end, {Pods * PodLimit} slots over {Pods} pods, {runs.Select(r => r.Node).Distinct().Count()} node(s) ran them",
            Number(done.Count / Math.Max(0.001, (last - first).TotalSeconds), 1)));
        table.Add(new(Section, $"{nodes} node(s): a run's time beyond its step (started → ended minus the check step), mean", $"{Number(1000 * (busy - stepSeconds) / done.Count)} ms"));
        table.Add(new(Section, $"{nodes} node(s): queued → started, mean (the burst waits for slots)", $"{Number(done.Average(r => (r.Started!.Value - r.Queued).TotalSeconds), 1)} s"));
    }
}
