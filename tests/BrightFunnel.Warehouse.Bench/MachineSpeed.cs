using System.Diagnostics;
using System.Security.Cryptography;
using BrightFunnel.Warehouse.Bench.Profile;

namespace BrightFunnel.Warehouse.Bench;

/// <summary>
/// How fast one core of the machine is right now: a fixed piece of work (SHA-256 over 64 MB, hashed
/// again four times) timed on this thread. The bench machine is shared, and its speed moved by a third
/// between runs of the same code (history.md, 2026-12-08) with the load average saying little: the
/// header gives this figure at the start and at the end, so a slow run can be told from slow code.
/// </summary>
public static class MachineSpeed
{
    const int Bytes = 64 << 20;
    const int Rounds = 4;

    /// <summary>Milliseconds the fixed work took (lower is faster); the best of three.</summary>
    public static long Measure()
    {
        var data = new byte[Bytes];
        new Random(28).NextBytes(data);
        var best = long.MaxValue;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var clock = Stopwatch.StartNew();
            for (var round = 0; round < Rounds; round++) SHA256.HashData(data);
            best = Math.Min(best, clock.ElapsedMilliseconds);
        }
        return best;
    }

    /// <summary>Seconds of CPU the hypervisor gave to others (steal) since boot, or null off Linux.</summary>
    public static double? StolenSeconds() => ProcStat.CpuTicks() is { Length: > 7 } ticks ? ticks[7] / ProcStat.TicksPerSecond : null;
}
