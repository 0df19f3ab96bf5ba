using System.Collections.Concurrent;
using System.Diagnostics;
using BrightFunnel.Warehouse.Events;

namespace BrightFunnel.Warehouse.Generation;

/// <summary>What the web activity generation wrote.</summary>
/// <param name="EventsFolder">The closed spool segments: <c>bfw events import &lt;tenant&gt; &lt;EventsFolder&gt;</c> loads them.</param>
/// <param name="Segments">The segments' names (without <c>.closed</c>), in order.</param>
/// <param name="SiteHost">The tenant's site, the host of every page view.</param>
public sealed record WebActivityReport(
    string EventsFolder, string TruthFolder, IReadOnlyList<string> Segments, string SiteHost,
    long Events, long Visitors, long IdentifiedVisitors, long Sessions, long Bytes, TimeSpan Elapsed)
{
    public double EventsPerSecond => Events / Math.Max(Elapsed.TotalSeconds, 1e-9);
}

/// <summary>
/// The generated tenant's web activity (docs/generator.md, "Web activity"): page views and identify
/// events of visitors consistent with the tenant's leads, contacts, campaigns and opportunities,
/// written as the collector's closed spool segments under <c>&lt;out&gt;/web/</c> with the ground
/// truth under <c>&lt;out&gt;/web-truth/</c>. Visitors are planned in memory (a few bytes each),
/// then simulated in chunks of about a million events, in parallel; each chunk streams its events
/// into its own segments and its truth into buffers appended in chunk order, so the output is the
/// same for a seed however the chunks are scheduled.
/// </summary>
public static class WebActivityGenerator
{
    public const string EventsFolder = "web";

    /// <summary>The web activity of the tenant <c>bfw generate --size <paramref name="size"/> --seed <paramref name="seed"/></c> writes.</summary>
    public static WebActivityReport Write(GeneratorSize size, long seed, string outputDirectory) =>
        Write(new TenantPlan(SizeProfile.For(size), unchecked((ulong)seed)), WebProfile.For(size), outputDirectory);

    internal static WebActivityReport Write(TenantPlan plan, WebProfile profile, string outputDirectory)
    {
        var clock = Stopwatch.StartNew();
        var folder = Path.GetFullPath(outputDirectory);
        var spool = new SpoolFolder(folder);
        var eventsFolder = spool.TenantFolder(EventsFolder);
        ClearSegments(eventsFolder);
        Directory.CreateDirectory(Path.Combine(folder, WebTruth.Folder));

        var site = new WebSite(plan.Seed);
        var people = new WebIdentities(plan);
        var campaigns = new WebCampaigns(plan);
        var visitors = VisitorPlanner.Plan(plan, profile, people);
        var visitorSalt = Rng.Mix(plan.Seed ^ 0x7715_170E);
        var chunks = (visitors.Length + profile.VisitorsPerChunk - 1) / profile.VisitorsPerChunk;

        using var truth = new OrderedTruthFiles(folder, chunks);
        var segments = new string[chunks][];
        long events = 0;
        Parallel.ForEach(
            Partitioner.Create(Enumerable.Range(0, chunks), EnumerablePartitionerOptions.NoBuffering),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) },
            chunk =>
            {
                var simulator = new VisitorSimulator(plan, site, people, campaigns, visitorSalt);
                var chunkTruth = new WebTruthWriter();
                using var sink = new SegmentSink(spool, EventsFolder, $"gen-{chunk:D5}", WebProfile.EventsPerSegment);
                var to = Math.Min(visitors.Length, (chunk + 1) * profile.VisitorsPerChunk);
                for (var v = chunk * profile.VisitorsPerChunk; v < to; v++) simulator.Simulate(v, visitors[v], sink, chunkTruth);
                sink.Close();
                segments[chunk] = [.. sink.Segments];
                Interlocked.Add(ref events, sink.Events);
                truth.Complete(chunk, chunkTruth);
            });
        var names = segments.SelectMany(s => s).ToList();
        var bytes = names.Sum(n => new FileInfo(spool.ClosedPath(EventsFolder, n)).Length);
        return new WebActivityReport(eventsFolder, Path.Combine(folder, WebTruth.Folder), names, site.Host,
            events, truth.Visitors, truth.Identified, truth.Sessions, bytes, clock.Elapsed);
    }

    /// <summary>Segments of an earlier generation into the same folder would be imported too: a new generation replaces them.</summary>
    static void ClearSegments(string eventsFolder)
    {
        if (!Directory.Exists(eventsFolder)) return;
        foreach (var f in Directory.EnumerateFiles(eventsFolder, "*" + SpoolFolder.ClosedExtension)
                     .Concat(Directory.EnumerateFiles(eventsFolder, "*" + SpoolFolder.OpenExtension)).ToList())
            File.Delete(f);
    }
}

/// <summary>
/// The two truth files, filled with the chunks' buffers strictly in chunk order as the chunks
/// complete (out of order only by as many chunks as run at once, so memory stays bounded).
/// </summary>
sealed class OrderedTruthFiles : IDisposable
{
    readonly FileStream visitors;
    readonly FileStream sessions;
    readonly ConcurrentDictionary<int, WebTruthWriter> done = new();
    readonly Lock gate = new();
    int next;

    public OrderedTruthFiles(string folder, int chunks)
    {
        visitors = Create(Path.Combine(folder, WebTruth.VisitorsFile), WebTruth.VisitorColumns);
        sessions = Create(Path.Combine(folder, WebTruth.SessionsFile), WebTruth.SessionColumns);
    }

    public long Visitors { get; private set; }
    public long Identified { get; private set; }
    public long Sessions { get; private set; }

    public void Complete(int chunk, WebTruthWriter truth)
    {
        truth.Flush();
        done[chunk] = truth;
        lock (gate)
        {
            while (done.TryRemove(next, out var ready))
            {
                ready.VisitorBytes.WriteTo(visitors);
                ready.SessionBytes.WriteTo(sessions);
                Visitors += ready.Visitors;
                Identified += ready.Identified;
                Sessions += ready.Sessions;
                ready.Dispose();
                next++;
            }
        }
    }

    static FileStream Create(string path, IReadOnlyList<string> columns)
    {
        var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        using (var header = new CsvWriter(file, ExportFiles.PlainLf, leaveOpen: true)) header.WriteHeader(columns);
        return file;
    }

    public void Dispose()
    {
        visitors.Dispose();
        sessions.Dispose();
    }
}
