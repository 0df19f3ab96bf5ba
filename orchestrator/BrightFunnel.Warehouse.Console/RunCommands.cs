using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Scheduling;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Console;

/// <summary><c>bfw run</c>, <c>bfw runs [show]</c>, <c>bfw cancel</c>, <c>bfw logs</c>: start, follow and inspect runs.</summary>
sealed class RunCommands(WarehouseSettings settings, BfwConsole console)
{
    readonly RunStore history = new(settings.Control.ConnectionString, settings.Scheduler);

    public int Run(CommandArgs args)
    {
        var tenant = TenantId.Parse(args.Positional(0, "tenant id"));
        var from = args.Option("from");
        var only = args.Option("only");
        var engine = args.Option("engine");
        var allowEmpty = args.Switch("allow-empty");
        var inline = args.Switch("inline");
        var wait = args.Switch("wait") || inline; // an inline run always waits
        args.RejectUnused();
        CycleSteps.Select(from, only);
        if (engine is not null) AttributionEngines.Check(engine, "--engine");
        new TenantDirectory(settings).GetTenant(tenant);

        if (inline)
        {
            // In this process, for debugging: no scheduler, but the same run history and tenant lock.
            var inlineRun = history.Queue(tenant, RunStore.ConsoleTrigger, from, only, engine, allowEmpty: allowEmpty);
            console.Print($"run {inlineRun} of {tenant} started inline");
            CycleOutcome outcome;
            try
            {
                outcome = new DataCycle(settings, Environment.MachineName, RunStore.InlineOwner).Execute(inlineRun, console.Stop);
            }
            catch (MySqlException e)
            {
                // The cycle could not even record its end: say so, and what the history will show.
                console.PrintError($"bfw: run {inlineRun}: lost the control database {TransientFailure.ServerOf(settings.Control.ConnectionString)} " +
                                   $"({Secrets.MaskPasswords(e.Message)}); its end could not be recorded: `bfw runs` shows it abandoned once its lease " +
                                   $"({settings.Scheduler.RunLease.TotalSeconds:0} s) has passed, and the tenant's next run clears what it left");
                return BfwConsole.Failed;
            }
            PrintRun(inlineRun);
            if (outcome.LeaseLost) console.PrintError($"bfw: {outcome.Error}");
            return outcome.Completed ? BfwConsole.Ok : BfwConsole.Failed;
        }
        return SyncBridge.Wait(Queue(tenant, from, only, engine, allowEmpty, wait));
    }

    /// <summary>Queues the run through Quartz's store; with --wait, follows it (and its retries) to the end.</summary>
    async Task<int> Queue(TenantId tenant, string? from, string? only, string? engine, bool allowEmpty, bool wait)
    {
        await using var client = await WarehouseScheduler.Client(settings);
        var runId = await new RunQueue(settings, client.Scheduler).Enqueue(tenant, from, only, engine, allowEmpty);
        if (!wait)
        {
            console.Print($"run {runId} of {tenant} queued; follow it with `bfw runs show {runId}`");
            return BfwConsole.Ok;
        }
        if (!new WarehouseStatus(settings).Read().Nodes.Any(n => n.Alive))
            console.PrintError("bfw: no scheduler node is checking in; the run waits until one starts (`bfw serve`)");
        var follower = new RunFollower(settings, client.Scheduler);
        var progress = new TerminalProgress(console, json: false);
        // On a terminal the steps are a progress bar and the table below says the rest; elsewhere, one line per event.
        var steps = CycleSteps.Select(from, only).Count;
        var last = progress.Enabled
            ? progress.Run($"run {runId} of {tenant}", steps, line => SyncBridge.Wait(follower.Follow(runId, text =>
              {
                  var attempt = history.Attempts(runId)[^1];
                  var ended = history.Steps(attempt.RunId).Count(s => s.Status != StepStatus.Running);
                  line.Update(ended, $"run {attempt.RunId} of {tenant}: {ended}/{steps} step(s); {text.Trim()}");
              }, console.Stop)))
            : await follower.Follow(runId, console.Print, console.Stop);
        console.Print("");
        PrintRun(last.RunId);
        return last.Completed ? BfwConsole.Ok : BfwConsole.Failed;
    }

    public int Runs(CommandArgs args)
    {
        if (args.Positionals is ["show", ..])
        {
            args.Positional(0, "show");
            var runId = RunId(args.Positional(1, "run id"));
            var json = args.Switch("json");
            args.RejectUnused();
            if (json) console.PrintJson(new { run = history.Get(runId), steps = history.Steps(runId) });
            else PrintRun(runId);
            return BfwConsole.Ok;
        }
        var tenant = args.Option("tenant") is { } t ? TenantId.Parse(t) : (TenantId?)null;
        var limit = args.IntOption("limit", 20, 1, 10_000);
        var asJson = args.Switch("json");
        args.RejectUnused();
        var runs = history.Recent(tenant, limit);
        if (asJson) { console.PrintJson(runs); return BfwConsole.Ok; }
        var table = new TextTable("run", "tenant", "trigger", "status", "node", "queued", "duration", "error");
        foreach (var r in runs)
            table.Add(r.RunId, r.TenantId, Trigger(r), r.Status.ToDbValue(), r.Node, r.QueuedAt, Duration(r.StartedAt, r.EndedAt), Clip(r.Error));
        console.Print(table.ToString());
        return BfwConsole.Ok;
    }

    public int Cancel(CommandArgs args)
    {
        var runId = RunId(args.Positional(0, "run id"));
        args.RejectUnused();
        if (history.Get(runId) is { Status: RunStatus.Abandoned } abandoned)
        {
            // Its owner is gone: there is no cycle to stop, and the run is closed already.
            console.Print($"run {runId}: abandoned, nothing runs it ({abandoned.Error}); closed");
            return BfwConsole.Ok;
        }
        console.Print(SyncBridge.Wait(CancelAsync(runId)) switch
        {
            CancelOutcome.Dequeued => $"run {runId}: cancelled before it started",
            CancelOutcome.RetryDropped => $"run {runId}: its pending retry is cancelled",
            _ => $"run {runId}: cancel requested; the cycle stops at its next check and keeps the last good results",
        });
        return BfwConsole.Ok;
    }

    async Task<CancelOutcome> CancelAsync(long runId)
    {
        history.Get(runId);
        await using var client = await WarehouseScheduler.Client(settings);
        return await new RunQueue(settings, client.Scheduler).Cancel(runId);
    }

    public int Logs(CommandArgs args)
    {
        var runId = RunId(args.Positional(0, "run id"));
        var json = args.Switch("json");
        args.RejectUnused();
        history.Get(runId);
        var lines = history.Logs(runId);
        if (json) { console.PrintJson(lines); return BfwConsole.Ok; }
        foreach (var l in lines) console.Print($"{l.LoggedAt:yyyy-MM-dd HH:mm:ss.fff} {l.Level,-5} {l.Step ?? "-",-12} {l.Message}");
        return BfwConsole.Ok;
    }

    void PrintRun(long runId)
    {
        var r = history.Get(runId);
        console.Print($"run {r.RunId} of {r.TenantId}: {r.Status.ToDbValue()} (trigger {Trigger(r)}, node {r.Node ?? "-"}, {Duration(r.StartedAt, r.EndedAt)}{(r.AllowEmpty ? ", allow-empty" : "")})");
        if (r.Owner is not null && !r.Ended) console.Print($"owner {r.Owner}, last heartbeat {r.HeartbeatAt:yyyy-MM-dd HH:mm:ss} UTC");
        if (r.Error is not null) console.Print($"error: {r.Error}");
        if (r.Status == RunStatus.NoExports) console.Print("no exports: ingest found no export files; the other steps ran on the data already loaded");
        var steps = history.Steps(runId).ToList();
        if (steps.Count == 0)
        {
            console.Print(r.Ended ? "no step ran" : "no step has started yet");
            return;
        }
        var table = new TextTable("step", "status", "duration", "rows", "detail");
        // The detail is the last column, so a long one costs no padding: shown whole, as the run's record keeps it.
        foreach (var s in steps) table.Add(s.Step, s.Status.ToDbValue(), Duration(s.StartedAt, s.EndedAt), s.RowCount, s.Error ?? s.Detail);
        console.Print(table.ToString());
    }

    static string Trigger(RunRecord r) => r.RetryOf is { } of ? $"{r.TriggerKind} of {of}" : r.TriggerKind;

    static long RunId(string text) =>
        long.TryParse(text, out var id) && id > 0 ? id : throw new BadInputException($"'{text}' is not a run id");

    static string Duration(DateTime? start, DateTime? end) =>
        start is null ? "-" : $"{((end ?? DateTime.UtcNow) - start.Value).TotalSeconds:0.0} s";

    static string? Clip(string? text, int max = 60) => text is null || text.Length <= max ? text : text[..max] + "…";
}
