using System.Globalization;

namespace BrightFunnel.Warehouse.Bench.Profile;

/// <summary>
/// Samples the resident memory (VmRSS) of a few processes four times a second while a cycle runs, so
/// each step's peak per process can be read afterwards from the step's start and end (Linux /proc).
/// </summary>
public sealed class ProcessMemorySampler : IDisposable
{
    readonly IReadOnlyDictionary<string, int> processes;
    readonly List<(DateTime At, string Name, long Bytes)> samples = [];
    readonly CancellationTokenSource stop = new();
    readonly Task loop;

    public ProcessMemorySampler(IReadOnlyDictionary<string, int> processes)
    {
        this.processes = processes;
        loop = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var now = DateTime.UtcNow;
                foreach (var (name, pid) in processes)
                    if (Rss(pid) is { } bytes) lock (samples) samples.Add((now, name, bytes));
                try { await Task.Delay(250, stop.Token); } catch (OperationCanceledException) { }
            }
        });
    }

    public IEnumerable<string> Names => processes.Keys;

    /// <summary>The largest sample of a process between two UTC times, in bytes; null without a sample.</summary>
    public long? Peak(string name, DateTime from, DateTime to)
    {
        lock (samples)
        {
            var inside = samples.Where(s => s.Name == name && s.At >= from && s.At <= to).Select(s => s.Bytes).ToList();
            return inside.Count == 0 ? null : inside.Max();
        }
    }

    static long? Rss(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? null : 1024 * long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    public void Dispose()
    {
        stop.Cancel();
        loop.Wait();
        stop.Dispose();
    }
}
