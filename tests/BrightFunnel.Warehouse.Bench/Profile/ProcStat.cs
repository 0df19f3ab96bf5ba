using System.Globalization;

namespace BrightFunnel.Warehouse.Bench.Profile;

/// <summary>The machine's CPU time over every core, from the first line of Linux's /proc/stat.</summary>
public static class ProcStat
{
    /// <summary>Linux's USER_HZ: /proc counts CPU time in hundredths of a second.</summary>
    public const double TicksPerSecond = 100;

    /// <summary>The cpu line's first eight counters (user, nice, system, idle, iowait, irq, softirq, steal), in ticks; null off Linux.</summary>
    public static long[]? CpuTicks()
    {
        if (!File.Exists("/proc/stat")) return null;
        try
        {
            return File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
                .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        }
        catch (IOException) { return null; }
    }
}
