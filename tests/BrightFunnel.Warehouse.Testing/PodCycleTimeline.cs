using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Testing;

/// <summary>
/// What the run history says about a batch of cycles on one pod: how long it took, how many cycles
/// overlapped at most, and how busy the pod's slots were. Only runs that started count; their
/// times are the ones the cycles recorded, so the figures do not depend on how the bench waited.
/// </summary>
public sealed class PodCycleTimeline
{
    readonly IReadOnlyList<(DateTime Start, DateTime End)> cycles;
    readonly IReadOnlyList<(DateTime Start, DateTime End)> waits;

    public PodCycleTimeline(IEnumerable<RunRecord> runs, DateTime now)
    {
        Runs = runs.ToList();
        // A run still marked running when the bench gave up held its slot until now.
        cycles = Runs.Where(r => r.StartedAt is not null).Select(r => (r.StartedAt!.Value, r.EndedAt ?? now)).ToList();
        // A run waits from queued to started; one that never started, until it was cancelled or until now.
        waits = Runs.Select(r => (r.QueuedAt, r.StartedAt ?? r.EndedAt ?? now)).Where(w => w.Item2 > w.QueuedAt).ToList();
    }

    public IReadOnlyList<RunRecord> Runs { get; }

    public DateTime? FirstQueued => Runs.Count == 0 ? null : Runs.Min(r => r.QueuedAt);
    public DateTime? FirstStarted => cycles.Count == 0 ? null : cycles.Min(c => c.Start);
    public DateTime? LastEnded => cycles.Count == 0 ? null : cycles.Max(c => c.End);

    /// <summary>The cycles' own durations added up: what one slot would have needed for all of them.</summary>
    public TimeSpan Busy => cycles.Aggregate(TimeSpan.Zero, (sum, c) => sum + (c.End - c.Start));

    /// <summary>
    /// The most cycles running at one instant. The count can only rise at a start, so checking each
    /// start suffices; an interval is half-open, so a cycle starting as another ends does not overlap it.
    /// </summary>
    public int MostAtOnce => cycles.Count == 0 ? 0 : cycles.Max(c => cycles.Count(o => o.Start <= c.Start && c.Start < o.End));

    /// <summary>
    /// Slot time the scheduler left unused while runs were waiting: at each instant, the free slots
    /// (limit less cycles running) that a waiting run could have taken — min(free, waiting) — added up
    /// over time, from the first start on (before it, no node had started yet). Zero means no slot was
    /// ever idle while a run waited; what remains is each handover's start-up (idle wait, acquisition).
    /// </summary>
    public TimeSpan IdleWhileQueued(int limit)
    {
        if (FirstStarted is not { } first) return TimeSpan.Zero;
        var instants = cycles.SelectMany(c => new[] { c.Start, c.End }).Concat(waits.SelectMany(w => new[] { w.Start, w.End }))
            .Where(t => t >= first).Distinct().Order().ToList();
        var idle = TimeSpan.Zero;
        for (var i = 0; i + 1 < instants.Count; i++)
        {
            var (t, next) = (instants[i], instants[i + 1]); // nothing starts or ends inside [t, next)
            var free = limit - cycles.Count(c => c.Start <= t && t < c.End);
            var waiting = waits.Count(w => w.Start <= t && t < w.End);
            if (free > 0 && waiting > 0) idle += (next - t) * Math.Min(free, waiting);
        }
        return idle;
    }

    /// <summary>Share of the pod's slot time (limit × first start to last end) that cycles used.</summary>
    public double Utilisation(int limit) =>
        FirstStarted is { } first && LastEnded is { } last && last > first ? Busy / ((last - first) * limit) : 0;
}
