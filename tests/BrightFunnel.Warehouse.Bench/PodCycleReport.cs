using BrightFunnel.Warehouse.Generation;
using BrightFunnel.Warehouse.Testing;
using static BrightFunnel.Warehouse.Bench.BenchTable;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Bench;

/// <summary>The pod bench's rows, read from <c>runs</c> and <c>run_steps</c>: totals, the checks, each tenant, the slowest step and each step per size.</summary>
public sealed class PodCycleReport(BenchTable table, int podLimit, TimeSpan target)
{
    const string Section = "pod-cycle";

    /// <param name="attempts">Per tenant, in the order of <paramref name="tenants"/>: the queued run and any retries, oldest first.</param>
    /// <param name="finished">False when the bench stopped waiting before every run ended.</param>
    public void Add(IReadOnlyList<PodTenant> tenants, IReadOnlyList<IReadOnlyList<RunRecord>> attempts,
        Func<long, IReadOnlyList<StepRecord>> steps, bool finished)
    {
        var timeline = new PodCycleTimeline(attempts.SelectMany(a => a), DateTime.UtcNow);
        var last = attempts.Select(a => a[^1]).ToList();
        var stepsOf = timeline.Runs.ToDictionary(r => r.RunId, r => steps(r.RunId));

        if (timeline.FirstQueued is { } queued && timeline.LastEnded is { } ended)
            table.Add(new(Section, "wall: first run queued → last run ended (node start included)", Seconds(ended - queued),
                $"<= {target.TotalMinutes} min", ended - queued <= target));
        if (timeline.FirstStarted is { } started && timeline.LastEnded is { } end)
            table.Add(new(Section, "wall: first cycle started → last cycle ended", Seconds(end - started)));
        table.Add(new(Section, "cycle times added up (what one slot would need)", Seconds(timeline.Busy)));
        table.Add(new(Section, $"pod slots busy: added-up time / ({podLimit} × wall from first start)", $"{Number(100 * timeline.Utilisation(podLimit))} %"));
        // "No slot idle while a run waits", made visible: the scheduler's own handover time, not the misfire handler's gaps.
        table.Add(new(Section, $"pod {BenchPod.PodName}: idle slot-seconds while a run was queued (from first start)", Seconds(timeline.IdleWhileQueued(podLimit)),
            "< 5 s (one idle wait)", timeline.IdleWhileQueued(podLimit) < TimeSpan.FromSeconds(5)));
        table.Add(new(Section, "most cycles running at once (run history start/end)", timeline.MostAtOnce.ToString(), $"<= {podLimit}", timeline.MostAtOnce <= podLimit));

        var succeeded = last.Count(r => r.Succeeded);
        table.Add(new(Section, $"runs succeeded{(finished ? "" : " (bench gave up waiting)")}", $"{succeeded}/{tenants.Count}", $"{tenants.Count}/{tenants.Count}", succeeded == tenants.Count));
        for (var i = 0; i < tenants.Count; i++) AddTenant(tenants[i], attempts[i]);

        var slowest = timeline.Runs.SelectMany(r => stepsOf[r.RunId].Where(s => s.EndedAt is not null).Select(s => (Run: r, Step: s)))
            .MaxBy(x => x.Step.EndedAt!.Value - x.Step.StartedAt);
        if (slowest.Step is not null)
            table.Add(new(Section, $"slowest step: {slowest.Step.Step} of {slowest.Run.TenantId} (run {slowest.Run.RunId}{(slowest.Step.Status == StepStatus.Succeeded ? "" : ", " + slowest.Step.Status.ToDbValue())})",
                Seconds(slowest.Step.EndedAt!.Value - slowest.Step.StartedAt)));

        foreach (var size in tenants.Select(t => t.Size).Distinct()) AddStepsOf(size, tenants, last, stepsOf);
    }

    void AddTenant(PodTenant tenant, IReadOnlyList<RunRecord> attempts)
    {
        var r = attempts[^1];
        var tries = attempts.Count > 1 ? $", attempt {attempts.Count}" : "";
        var waited = r.StartedAt is { } s ? $", waited {Seconds(s - attempts[0].QueuedAt)}" : "";
        var error = r.Error is null || r.Succeeded ? "" : $": {Clip(r.Error)}";
        table.Add(new(Section, $"{tenant.Id} ({tenant.Size}, seed {tenant.Seed}): run {r.RunId} {r.Status.ToDbValue()}{tries}{waited}{error}",
            r.StartedAt is { } start && r.EndedAt is { } end ? Seconds(end - start) : "-", "succeeded", r.Succeeded));
    }

    /// <summary>Mean and max of each step over a size's tenants (their last attempts), to see which step a size spends its time in.</summary>
    void AddStepsOf(GeneratorSize size, IReadOnlyList<PodTenant> tenants, IReadOnlyList<RunRecord> last, IReadOnlyDictionary<long, IReadOnlyList<StepRecord>> stepsOf)
    {
        var runs = tenants.Select((t, i) => (t, r: last[i])).Where(x => x.t.Size == size).Select(x => x.r).ToList();
        foreach (var step in CycleSteps.All)
        {
            var times = runs.SelectMany(r => stepsOf[r.RunId]).Where(s => s.Step == step && s.EndedAt is not null)
                .Select(s => s.EndedAt!.Value - s.StartedAt).ToList();
            if (times.Count == 0) continue;
            var mean = TimeSpan.FromTicks((long)times.Average(t => t.Ticks));
            table.Add(new(Section, $"size {size} {step}: mean (max) over {times.Count} tenant(s)", $"{Seconds(mean)} ({Seconds(times.Max())})"));
        }
    }

    static string Clip(string text) => text.Length <= 160 ? text : text[..160] + "…";
}
