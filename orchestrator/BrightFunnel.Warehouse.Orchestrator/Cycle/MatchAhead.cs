using NLog;

namespace BrightFunnel.Warehouse.Orchestrator.Cycle;

/// <summary>
/// The match step's reading and matching (<see cref="MatchStep.Compute"/>), started ahead of it. The
/// matcher reads only what canonicalize builds first (<see cref="MatchStep.Reads"/>), so once both are
/// swapped in it works on bfw's cores while MariaDB builds the touches on one of them (at L, the
/// touches are 14 s of a 31 s canonicalize and the matching 7 s of work). It writes nothing: the match
/// step takes the result and replaces the matches itself, through the run's fence. A run that ends
/// before its match step disposes this, which cancels the work and drops what it found.
/// </summary>
public sealed class MatchAhead : IDisposable
{
    static readonly Logger Log = LogManager.GetCurrentClassLogger();

    readonly AheadWork<ComputedMatches> work = new("the matching started ahead of the match step");
    // A core fewer than the machine has while canonicalize runs: MariaDB builds the touches on one, and they are
    // canonicalize's longest build (at L in the bench, matching on both cores slowed them by as much as it saved).
    // When the match step waits for the result, canonicalize is done and the matching takes every core.
    static readonly int BesideCanonicalize = Math.Max(1, Environment.ProcessorCount - 1);
    readonly SemaphoreSlim cores = new(BesideCanonicalize, Environment.ProcessorCount);
    readonly HashSet<string> built = new(StringComparer.OrdinalIgnoreCase);
    readonly Lock gate = new();
    bool wanted;

    /// <summary>The run will reach its match step: the matching may start as soon as its reads are built.</summary>
    public void Want() => wanted = true;

    /// <summary>True when the match step took a result started before it (with canonicalize).</summary>
    public bool StartedAhead { get; private set; }

    /// <summary>Canonicalize built <paramref name="table"/>; with every table the matcher reads built, the matching starts.</summary>
    public void Built(string table, string tenantConnectionString, CancellationToken cycle)
    {
        if (!wanted) return;
        lock (gate)
        {
            built.Add(table);
            if (work.IsStarted || !MatchStep.Reads.All(built.Contains)) return;
            Log.Info("match: the matching starts beside canonicalize, {tables} built", string.Join(" and ", MatchStep.Reads));
            work.Start(token => Task.FromResult(MatchStep.Compute(tenantConnectionString, token, BesideCanonicalize, cores)), cycle);
        }
    }

    /// <summary>What the matching started ahead found, waiting for it; null when nothing was started.</summary>
    public ComputedMatches? Take(CancellationToken ct)
    {
        lock (gate)
            if (!work.IsStarted) return null;
        if (!StartedAhead && Environment.ProcessorCount > BesideCanonicalize) cores.Release(Environment.ProcessorCount - BesideCanonicalize);
        StartedAhead = true;
        return SyncBridge.Wait(work.TakeAsync(ct));
    }

    /// <summary>Cancels matching the match step never took.</summary>
    public void Dispose()
    {
        work.Dispose();
        cores.Dispose();
    }
}
