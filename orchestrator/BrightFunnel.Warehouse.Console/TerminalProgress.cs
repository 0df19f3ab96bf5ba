using Spectre.Console;

namespace BrightFunnel.Warehouse.Console;

/// <summary>One live progress line the work updates: how much is done (of what total, when known) and a description.</summary>
public interface IProgressLine
{
    void Update(double done, string description);
}

/// <summary>
/// Progress bars for long verbs, drawn only on a terminal: with output redirected or --json the
/// work runs with a line that draws nothing, so pipes, files and tests see only the results.
/// </summary>
sealed class TerminalProgress(BfwConsole console, bool json)
{
    public bool Enabled => console.TerminalOutput && !json;

    /// <summary>Runs <paramref name="work"/> with a progress line; <paramref name="total"/> null = unknown (no bar, no time left).</summary>
    public T Run<T>(string description, double? total, Func<IProgressLine, T> work)
    {
        if (!Enabled) return work(Silent.Instance);
        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(total is null
                ? [new SpinnerColumn(), new TaskDescriptionColumn { Alignment = Justify.Left }, new ElapsedTimeColumn()]
                : [new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new ElapsedTimeColumn()])
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(description), maxValue: total ?? 1);
                task.IsIndeterminate = total is null;
                result = work(new Line(task));
                task.StopTask();
            });
        return result;
    }

    sealed class Line(ProgressTask task) : IProgressLine
    {
        public void Update(double done, string description)
        {
            if (!task.IsIndeterminate) task.Value = Math.Min(done, task.MaxValue);
            task.Description = Markup.Escape(description);
        }
    }

    sealed class Silent : IProgressLine
    {
        public static readonly Silent Instance = new();
        public void Update(double done, string description) { }
    }

    /// <summary>"12,345 rows (6,789/s)": a count and its rate since <paramref name="started"/>.</summary>
    public static string Rate(long count, string unit, System.Diagnostics.Stopwatch started) =>
        $"{count:N0} {unit} ({count / Math.Max(started.Elapsed.TotalSeconds, 0.001):N0}/s)";
}
