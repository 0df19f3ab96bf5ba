using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Cycle;

namespace BrightFunnel.Warehouse.Console;

/// <summary><c>bfw run</c>, <c>bfw runs [show]</c>, <c>bfw cancel</c>, <c>bfw logs</c>: start, follow and inspect runs.</summary>
sealed class RunCommands(WarehouseSettings settings, BfwConsole console)
{
    readonly RunHistory history = new(settings.Control.ConnectionString);

    public int Run(CommandArgs args)
    {
        var tenant = TenantId.Parse(args.Positional(0, "tenant id"));
        var from = args.Option("from");
        var only = args.Option("only");
        var engine = args.Option("engine");
        var inline = args.Switch("inline");
        args.Switch("wait"); // an inline run always waits
        args.RejectUnused();
        CycleStep.Select(from, only);
        if (engine is not null && !TenantConfig.Engines.Contains(engine)) throw new BadInputException($"--engine must be impala or mysql, got '{engine}'");
        new TenantDirectory(settings.Control.ConnectionString).GetTenant(tenant);
        if (!inline) throw new BadInputException("queueing through the scheduler is not available in this build: use --inline");

        var runId = history.Queue(tenant, "console", from, only, engine);
        console.Print($"run {runId} of {tenant} started inline");
        var outcome = new DataCycle(settings, Environment.MachineName).Execute(runId);
        PrintRun(runId);
        return outcome.Succeeded ? BfwConsole.Ok : BfwConsole.Failed;
    }

    public int Runs(CommandArgs args)
    {
        if (args.Positionals.Count > 0 && args.Positionals[0] == "show")
        {
            var runId = RunId(args.Positional(1, "run id"));
            var json = args.Switch("json");
            args.RejectUnused();
            if (json) console.PrintJson(new { run = history.Get(runId), steps = history.Steps(runId) });
            else PrintRun(runId);
            return BfwConsole.Ok;
        }
        var tenant = args.Option("tenant") is { } t ? TenantId.Parse(t) : (TenantId?)null;
        var limit = args.IntOption("limit", 20);
        var asJson = args.Switch("json");
        args.RejectUnused();
        var runs = history.Recent(tenant, limit);
        if (asJson) { console.PrintJson(runs); return BfwConsole.Ok; }
        var table = new TextTable("run", "tenant", "trigger", "status", "node", "queued", "duration", "error");
        foreach (var r in runs)
            table.Add(r.RunId, r.TenantId, r.TriggerKind, r.Status, r.Node, r.QueuedAt, Duration(r.StartedAt, r.EndedAt), Clip(r.Error));
        console.Print(table.ToString());
        return BfwConsole.Ok;
    }

    public int Cancel(CommandArgs args)
    {
        var runId = RunId(args.Positional(0, "run id"));
        args.RejectUnused();
        history.RequestCancel(runId);
        console.Print($"run {runId}: cancel requested; the cycle stops at its next check and keeps the last good results");
        return BfwConsole.Ok;
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
        console.Print($"run {r.RunId} of {r.TenantId}: {r.Status} (trigger {r.TriggerKind}, node {r.Node ?? "-"}, {Duration(r.StartedAt, r.EndedAt)})");
        if (r.Error is not null) console.Print($"error: {r.Error}");
        var table = new TextTable("step", "status", "duration", "rows", "detail");
        foreach (var s in history.Steps(runId)) table.Add(s.Step, s.Status, Duration(s.StartedAt, s.EndedAt), s.RowCount, Clip(s.Error ?? s.Detail, 100));
        console.Print(table.ToString());
    }

    static long RunId(string text) =>
        long.TryParse(text, out var id) && id > 0 ? id : throw new BadInputException($"'{text}' is not a run id");

    static string Duration(DateTime? start, DateTime? end) =>
        start is null ? "-" : $"{((end ?? DateTime.UtcNow) - start.Value).TotalSeconds:0.0} s";

    static string? Clip(string? text, int max = 60) => text is null || text.Length <= max ? text : text[..max] + "…";
}
