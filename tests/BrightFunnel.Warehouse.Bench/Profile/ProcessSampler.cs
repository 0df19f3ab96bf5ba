using System.Globalization;

namespace BrightFunnel.Warehouse.Bench.Profile;

/// <summary>
/// Samples a few processes four times a second while a cycle runs (Linux /proc): resident memory
/// (VmRSS) and CPU time used (user + system), and the machine's busy time over all cores, so each
/// step's peak memory and CPU seconds per process can be read afterwards from the step's start and end.
/// </summary>
public sealed class ProcessSampler : IDisposable
{
    readonly IReadOnlyDictionary<string, int> processes;
    readonly List<(DateTime At, string Name, long? Bytes, long? Ticks)> samples = [];
    readonly List<(DateTime At, long Busy, long Total)> machine = [];
    readonly CancellationTokenSource stop = new();
    readonly Task loop;

    public ProcessSampler(IReadOnlyDictionary<string, int> processes)
    {
        this.processes = processes;
        loop = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var now = DateTime.UtcNow;
                foreach (var (name, pid) in processes)
                {
                    var sample = (now, name, Rss(pid), CpuTicks(pid));
                    lock (samples) samples.Add(sample);
                }
                if (MachineTicks() is { } m) lock (samples) machine.Add((now, m.Busy, m.Total));
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
            var inside = samples.Where(s => s.Name == name && s.At >= from && s.At <= to && s.Bytes is not null).Select(s => s.Bytes!.Value).ToList();
            return inside.Count == 0 ? null : inside.Max();
        }
    }

    /// <summary>The CPU seconds a process used between two UTC times (first and last sample inside); null with fewer than two.</summary>
    public double? CpuSeconds(string name, DateTime from, DateTime to)
    {
        lock (samples)
        {
            var inside = samples.Where(s => s.Name == name && s.At >= from && s.At <= to && s.Ticks is not null).ToList();
            return inside.Count < 2 ? null : (inside[^1].Ticks!.Value - inside[0].Ticks!.Value) / ProcStat.TicksPerSecond;
        }
    }

    /// <summary>How busy the machine's cores were between two UTC times, 0–1 (of all cores); null with fewer than two samples.</summary>
    public double? MachineBusy(DateTime from, DateTime to)
    {
        lock (samples)
        {
            var inside = machine.Where(s => s.At >= from && s.At <= to).ToList();
            if (inside.Count < 2) return null;
            var total = inside[^1].Total - inside[0].Total;
            return total <= 0 ? null : (double)(inside[^1].Busy - inside[0].Busy) / total;
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

    /// <summary>utime + stime of /proc/PID/stat (fields 14 and 15; the name in parentheses may hold spaces).</summary>
    static long? CpuTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>Busy ticks (all but idle and iowait) and all ticks, over every core.</summary>
    static (long Busy, long Total)? MachineTicks()
    {
        if (ProcStat.CpuTicks() is not { } values) return null;
        var total = values.Sum();
        return (total - values[3] - values[4], total);
    }

    public void Dispose()
    {
        stop.Cancel();
        loop.Wait();
        stop.Dispose();
    }
}
