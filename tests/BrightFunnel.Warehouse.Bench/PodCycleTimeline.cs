using BrightFunnel.Warehouse.Orchestrator.Cycle;

namespace BrightFunnel.Warehouse.Bench;

/// <summary>
/// What the run history says about a batch of cycles on one pod: how long it took, how many cycles
/// overlapped at most, and how busy the pod's slots were. Only runs that started count; their
/// times are the ones the cycles recorded, so the figures do not depend on how the bench waited.
/// </summary>
public sealed class PodCycleTimeline
{
    readonly IReadOnlyList<(DateTime Start, DateTime End)> cycles;

    public PodCycleTimeline(IEnumerable<RunRecord> runs, DateTime now)
    {
        Runs = runs.ToList();
        // A run still marked running when the bench gave up held its slot until now.
        cycles = Runs.Where(r => r.StartedAt is not null).Select(r => (r.StartedAt!.Value, r.EndedAt ?? now)).ToList();
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

    /// <summary>Share of the pod's slot time (limit × first start to last end) that cycles used.</summary>
    public double Utilisation(int limit) =>
        FirstStarted is { } first && LastEnded is { } last && last > first ? Busy / ((last - first) * limit) : 0;
}
