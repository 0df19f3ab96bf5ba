using System.Diagnostics;
using BrightFunnel.Warehouse.Events;
using BrightFunnel.Warehouse.Impala.Engine;
using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Events;
using static BrightFunnel.Warehouse.Bench.BenchTable;

namespace BrightFunnel.Warehouse.Bench;

/// <summary>
/// The event lake's shipper (<c>./run bench lake</c>; <see cref="Run"/> for <c>./run bench events</c>):
/// N synthetic events of one UTC day written as closed spool segments, then shipped into
/// <c>bfw_&lt;t&gt;.web_events</c> on a local engine of its own. Reports events/s and what that makes of
/// a day of L (30M). N is <c>BFW_BENCH_LAKE_EVENTS</c> (default 3,000,000, M's day).
/// </summary>
public sealed class LakeBench(string server, string root, BenchTable table)
{
    public const long LEvents = 30_000_000;
    const int EventsPerSegment = 250_000;
    const long Day = 1_796_083_200_000; // 2026-12-01T00:00:00Z

    public static long DefaultEvents => long.TryParse(Environment.GetEnvironmentVariable("BFW_BENCH_LAKE_EVENTS"), out var n) && n > 0 ? n : 3_000_000;

    /// <summary>Ships <paramref name="events"/> events; returns the shipping rate in events/s (also added to the table).</summary>
    public double Run(long events)
    {
        using var tenant = new BenchTenant(server, "lake");
        var folder = Path.Combine(root, "lake");
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        var engineRoot = Path.Combine(folder, "impala");
        Directory.CreateDirectory(engineRoot);
        using var engine = LocalImpalaEngine.Start(0, engineRoot);
        tenant.Settings.Impala = new ImpalaSettings { Host = "127.0.0.1", Port = engine.Port, Root = engineRoot };
        tenant.Settings.Events.SpoolRoot = Path.Combine(folder, "spool");

        var writing = Stopwatch.StartNew();
        var segments = WriteSpool(new SpoolFolder(tenant.Settings.Events.SpoolRoot), tenant.Id.Value, events);
        var spoolBytes = Directory.GetFiles(tenant.Settings.Events.SpoolRoot, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Console.WriteLine($"  spool: {Number(events)} events in {segments} segments, {Number(spoolBytes / 1e6)} MB, written in {Seconds(writing.Elapsed)}");

        // What reading the spool alone costs (one core), to tell decoding from Parquet writing in the ship time.
        var reading = Stopwatch.StartNew();
        var read = new SpoolFolder(tenant.Settings.Events.SpoolRoot).ClosedSegments(tenant.Id.Value)
            .Sum(s => (long)SpoolSegmentReader.Read(new SpoolFolder(tenant.Settings.Events.SpoolRoot).ClosedPath(tenant.Id.Value, s)).Events.Count);
        table.Add(new("lake", $"read {Number(read)} spooled events (decode only, one core)", $"{Number(read / reading.Elapsed.TotalSeconds)} events/s", Command: "./run bench lake"));

        var report = new EventShipper(tenant.Settings).ShipTenantAsync(tenant.Id).GetAwaiter().GetResult();
        if (report.Events != events) throw new InvalidOperationException($"shipped {report.Events} of {events} events");
        var parquetBytes = Directory.GetFiles(Path.Combine(engineRoot, "events"), "*.parquet", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        var rate = report.EventsPerSecond;
        Console.WriteLine($"  ship: {report.Seconds:0.00} s, of which {report.ConvertSeconds:0.00} s converting segments (decode + Parquet + files, {Number(events / report.ConvertSeconds)} events/s), " +
            $"{report.Seconds - report.ConvertSeconds:0.00} s lock, manifest, table and partitions; load average {(File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown")}");
        table.Add(new("lake", $"ship {Number(events)} events ({segments} segments, {Number(spoolBytes / 1e6)} MB spool → {Number(parquetBytes / 1e6)} MB Parquet)",
            $"{Number(rate)} events/s", Command: "./run bench lake"));
        table.Add(new("lake", $"ship a day of L ({Number(LEvents)} events){(events < LEvents ? ", at the measured rate" : "")}",
            events >= LEvents ? $"{report.Seconds:0.0} s" : $"{LEvents / rate:0.0} s (extrapolated)", Command: "./run bench lake"));
        return rate;
    }

    /// <summary>Synthetic page views (a few identifies) with the repetition real traffic has: pages, hosts, UTM values, visitors.</summary>
    static int WriteSpool(SpoolFolder spool, string tenant, long events)
    {
        var random = new Random(7);
        string[] pages = Enumerable.Range(0, 200).Select(i => $"/docs/page-{i}").ToArray();
        string[] sources = ["google", "newsletter", "linkedin", "twitter", "partner"];
        string[] referrers = ["https://www.google.com/", "https://www.linkedin.com/feed/", "https://news.ycombinator.com/", ""];
        var visitors = Math.Max(1, events / 20);
        var segments = 0;
        for (long written = 0; written < events; segments++)
        {
            using var writer = new SpoolSegmentWriter(spool, tenant, $"20261201T{segments:D9}Z-bench");
            var n = Math.Min(EventsPerSegment, events - written);
            for (var i = 0; i < n; i++, written++)
            {
                var visitor = $"v{random.NextInt64(visitors):x8}";
                var ts = Day + written * 86_400_000 / events;
                var id = $"{written:x12}-{random.Next():x8}";
                if (i % 50 == 0) { writer.Append(WebEvent.Identify(id, visitor, ts, EmailHashing.Hash($"p{visitor}@example.com"))); continue; }
                var page = pages[random.Next(pages.Length)];
                var utm = random.Next(4) == 0 ? $"?utm_source={sources[random.Next(sources.Length)]}&utm_medium=cpc&utm_campaign=q4-{random.Next(12)}" : "";
                writer.Append(WebEvent.PageView(id, visitor, ts, $"https://acme.com{page}{utm}", referrers[random.Next(referrers.Length)], $"Acme docs {page}"));
                if (i % 10_000 == 9_999) writer.Commit();
            }
            writer.Close();
        }
        return segments;
    }
}
