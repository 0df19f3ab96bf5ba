using Quartz;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Scheduling;

/// <summary>
/// Follows a queued run to its end for <c>bfw run --wait</c>: reports each attempt as it starts,
/// each step as it starts and ends, a retry when Quartz schedules one, and returns the last
/// attempt once nothing more will happen — it has ended and the run's trigger is gone (Quartz
/// deletes a one-shot trigger when it neither fires again nor retries).
/// </summary>
public sealed class RunFollower(WarehouseSettings settings, IScheduler scheduler)
{
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    readonly RunStore history = new(settings.Control.ConnectionString, settings.Scheduler);

    public async Task<RunRecord> Follow(long runId, Action<string> report, CancellationToken cancel = default)
    {
        var key = CycleKeys.ConsoleRun(runId);
        var seenRuns = new Dictionary<long, RunStatus>();
        var seenSteps = new Dictionary<(long, string), StepStatus>();
        DateTimeOffset? announcedRetry = null;
        while (true)
        {
            var attempts = history.Attempts(runId);
            foreach (var attempt in attempts)
            {
                var changed = !seenRuns.TryGetValue(attempt.RunId, out var before) || before != attempt.Status;
                seenRuns[attempt.RunId] = attempt.Status;
                // An attempt's start before its steps, its end after them.
                if (changed && !attempt.Ended && ReportRun(attempt) is { } start) report(start);
                foreach (var step in history.Steps(attempt.RunId))
                {
                    if (seenSteps.TryGetValue((attempt.RunId, step.Step), out var was) && was == step.Status) continue;
                    seenSteps[(attempt.RunId, step.Step)] = step.Status;
                    report(ReportStep(step));
                }
                if (changed && attempt.Ended && ReportRun(attempt) is { } end) report(end);
            }
            var last = attempts[^1];
            if (last.Ended)
            {
                var trigger = await scheduler.GetTrigger(key, cancel);
                if (trigger is null) return last;
                if (last.Status == RunStatus.Failed && trigger.NextFireTimeUtc is { } next && next != announcedRetry && next > DateTimeOffset.UtcNow)
                {
                    announcedRetry = next;
                    report($"retry scheduled for {next.UtcDateTime:HH:mm:ss} UTC (attempt {attempts.Count + 1})");
                }
            }
            await Task.Delay(PollInterval, cancel);
        }
    }

    static string? ReportRun(RunRecord r) => r.Status switch
    {
        RunStatus.Queued => r.RetryOf is null ? $"run {r.RunId} of {r.TenantId} queued; waiting for a scheduler node" : null,
        RunStatus.Running => $"run {r.RunId} ({r.TriggerKind}) running on {r.Node}",
        _ => $"run {r.RunId} {r.Status.ToDbValue()}{(r.Node is null ? "" : " on " + r.Node)}{(r.Error is null ? "" : ": " + r.Error)}",
    };

    static string ReportStep(StepRecord s) => s.Status == StepStatus.Running
        ? $"  {s.Step,-13} running"
        : $"  {s.Step,-13} {s.Status.ToDbValue(),-10} {(s.EndedAt - s.StartedAt)?.TotalSeconds,6:0.0} s  {(s.RowCount is { } rows ? rows + " rows" : "")}{(s.Error ?? s.Detail) switch { null => "", var d => "  " + d }}";
}
