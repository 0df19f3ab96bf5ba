using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using BrightFunnel.Warehouse.Collect.Sites;
using BrightFunnel.Warehouse.Events;
using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Testing;

namespace BrightFunnel.Warehouse.Bench;

/// <summary>
/// <c>./run bench events</c>: web activity from the browser to the cluster, one part per section.
/// The collector: <c>bfw-collect</c> in a process of its own on loopback, 50 clients posting batches
/// of 20 page views over HTTP/1.1 keep-alive for <c>BFW_BENCH_EVENTS_SECONDS</c> (default 10);
/// events/s, p50/p99 per request, errors, and whether every acknowledged event is in the spool
/// once the collector has stopped (SIGTERM: its segments closed); twice: as fast as the clients are
/// answered (the throughput), then paced at the target rate (the latency there). Targets: ≥ 20,000
/// events/s, p99 &lt; 25 ms at that rate, 0 errors, acknowledged = stored. The lake's part (shipping the spool, the web
/// step on the cluster) is a second method here, run after the collector's.
/// </summary>
public sealed class EventsBench(string server, string root, BenchTable table)
{
    const int Clients = 50, BatchSize = 20;
    const double TargetEventsPerSecond = 20_000, TargetP99Ms = 25;
    static readonly TimeSpan Duration = TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("BFW_BENCH_EVENTS_SECONDS"), out var s) ? s : 10);
    const string Origin = "https://bench.example";
    /// <summary>Latencies of the first seconds are left out: 50 connections opening and the collector's JIT, not its steady state.</summary>
    static readonly TimeSpan Warmup = TimeSpan.FromSeconds(2);

    public async Task Run()
    {
        // Closed loop: how much the collector takes. Paced at the target rate: how fast it answers
        // there (a closed loop at five times the target measures its own queue, not the collector).
        await Collector(pacedAt: null);
        await Collector(pacedAt: TargetEventsPerSecond);
        new LakeBench(server, root, table).Run(LakeBench.DefaultEvents);
    }

    async Task Collector(double? pacedAt)
    {
        // Paced: client c sends batch b at start + b × interval + its offset, so the 50 clients
        // together send pacedAt events/s; a client behind its schedule sends at once.
        var interval = pacedAt is { } r ? TimeSpan.FromSeconds(Clients * BatchSize / r) : TimeSpan.Zero;
        var spool = Path.Combine(root, "events-spool");
        if (Directory.Exists(spool)) Directory.Delete(spool, true);
        using var pod = new BenchPod(server, 1, Path.Combine(root, "events-exports"));
        var tenant = TenantId.Parse("bfb_events");
        new TenantDirectory(pod.Settings).AddTenant(tenant, BenchPod.PodName, "UTC", TenantDirectory.DefaultCron);
        var key = new WebSites(pod.Settings.Control.ConnectionString).Add(tenant.Value, [Origin]).Site.SiteKey;

        // Closed-loop clients send as fast as they are answered: the key's rate limit is lifted so
        // the collector, not its limiter, is measured (the limit has its own test).
        var collector = CollectorProcess.Start(pod.Settings.Control.ConnectionString, spool,
            new Dictionary<string, string> { ["Collect__EventsPerSecond"] = "10000000", ["Collect__EventsBurst"] = "10000000" });
        var latencies = new List<double>[Clients];
        long acknowledged = 0, errors = 0;
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var clock = Stopwatch.StartNew();
        using (var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Clients, UseCookies = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        using (var http = new HttpClient(handler) { BaseAddress = collector.Url, DefaultRequestVersion = HttpVersion.Version11, Timeout = TimeSpan.FromSeconds(30) })
        {
            await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
            {
                var mine = latencies[c] = new List<double>(4096);
                var request = Stopwatch.StartNew();
                for (var batch = 0; clock.Elapsed < Warmup + Duration; batch++)
                {
                    if (pacedAt is not null && interval * batch + interval * c / Clients - clock.Elapsed is { Ticks: > 0 } wait)
                        await Task.Delay(wait);
                    using var message = new HttpRequestMessage(HttpMethod.Post, $"/e/v1/{key}") { Content = new StringContent(Batch(c, batch), Encoding.UTF8, "text/plain") };
                    message.Headers.Add("Origin", Origin);
                    request.Restart();
                    try
                    {
                        using var response = await http.SendAsync(message);
                        if (clock.Elapsed > Warmup) mine.Add(request.Elapsed.TotalMilliseconds);
                        if (response.StatusCode == HttpStatusCode.Accepted) Interlocked.Add(ref acknowledged, BatchSize);
                        else
                        {
                            Interlocked.Increment(ref errors);
                            statuses.AddOrUpdate(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
                        }
                    }
                    catch (HttpRequestException e)
                    {
                        Interlocked.Increment(ref errors);
                        statuses.AddOrUpdate(e.HttpRequestError.ToString(), 1, (_, n) => n + 1);
                    }
                }
            })));
        }
        var elapsed = clock.Elapsed;
        collector.Dispose(); // SIGTERM: what was queued is answered, the open segments are closed
        var folder = new SpoolFolder(spool);
        var stored = folder.ClosedSegments(tenant.Value).Sum(s => (long)SpoolSegmentReader.Read(folder.ClosedPath(tenant.Value, s)).Events.Count);

        var all = latencies.SelectMany(l => l).Order().ToList();
        double Percentile(double p) => all.Count == 0 ? double.NaN : all[Math.Min(all.Count - 1, (int)Math.Ceiling(p * all.Count) - 1)];
        var rate = acknowledged / elapsed.TotalSeconds;
        var at = $"collector, {Clients} clients × batches of {BatchSize}, " +
                 (pacedAt is { } paced ? $"paced at {BenchTable.Number(paced)} events/s" : "as fast as answered") + $", {BenchTable.Seconds(elapsed)}";
        table.Add(new("events", $"{at}: events/s acknowledged", BenchTable.Number(rate),
            $">= {BenchTable.Number(TargetEventsPerSecond * (pacedAt is null ? 1 : 0.98))}", rate >= TargetEventsPerSecond * (pacedAt is null ? 1 : 0.98)));
        table.Add(new("events", $"{at}: p50 per request", Ms(Percentile(0.50))));
        var p99 = Percentile(0.99);
        // The latency target is the paced run's: at full speed the clients queue behind each other.
        table.Add(pacedAt is null ? new("events", $"{at}: p99 per request", Ms(p99))
                                  : new("events", $"{at}: p99 per request ({BenchTable.Number(all.Count)} after a {Warmup.TotalSeconds:0} s warm-up)", Ms(p99), $"< {TargetP99Ms:0} ms", p99 < TargetP99Ms));
        var why = statuses.IsEmpty ? "" : $": {string.Join(", ", statuses.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} ×{kv.Value}"))}";
        table.Add(new("events", $"{at}: errors (non-202 or failed{why})", BenchTable.Number(errors), "0", errors == 0));
        table.Add(new("events", $"{at}: acknowledged = stored (spool read back after SIGTERM)", $"{BenchTable.Number(acknowledged)} = {BenchTable.Number(stored)}",
            "equal", acknowledged == stored));
        Directory.Delete(spool, true);
    }

    /// <summary>A batch of page views of one visitor, with ids unique across the run.</summary>
    static string Batch(int client, int batch)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var sb = new StringBuilder(4096).Append("{\"sent\":").Append(now).Append(",\"events\":[");
        for (var i = 0; i < BatchSize; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append("{\"id\":\"c").Append(client).Append('b').Append(batch).Append('e').Append(i)
              .Append("\",\"visitor\":\"bench-").Append(client).Append("\",\"type\":\"page\",\"ts\":").Append(now)
              .Append(",\"url\":\"https://bench.example/pricing?utm_source=google&utm_medium=cpc&utm_campaign=Spring\",\"referrer\":\"https://www.google.com/\",\"title\":\"Pricing\"}");
        }
        return sb.Append("]}").ToString();
    }

    static string Ms(double ms) => ms.ToString("0.0", CultureInfo.InvariantCulture) + " ms";
}
