using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Console;

/// <summary>
/// <c>bfw gc [--dry-run] [--json]</c>: for operators, what dead runs left across every tenant
/// (see <see cref="RunLeftovers"/>), listed and, without --dry-run, removed. Runs whose lease
/// passed are closed as abandoned first; a tenant with a live run is skipped.
/// </summary>
sealed class GcCommand(WarehouseSettings settings, BfwConsole console)
{
    public int Run(CommandArgs args)
    {
        var dryRun = args.Switch("dry-run");
        var json = args.Switch("json");
        args.RejectUnused();
        var expired = new RunStore(settings.Control.ConnectionString, settings.Scheduler).ExpireStale();
        var leftovers = new RunLeftovers(settings);
        var sweeps = new TenantDirectory(settings).Tenants()
            .Select(t => leftovers.Sweep(t.Id, dryRun)).ToList();
        var emptyFolders = leftovers.EmptyStagingFolders(dryRun, sweeps.Where(s => s.LiveRun is not null).Select(s => s.Tenant).ToHashSet());
        if (emptyFolders.Count > 0) sweeps.Add(new TenantSweep("(staging root)", emptyFolders, null, null));
        if (json)
        {
            console.PrintJson(new { dryRun, abandoned = expired, tenants = sweeps.Where(s => s.Leftovers.Count > 0 || s.LiveRun is not null || s.Note is not null) });
            return BfwConsole.Ok;
        }
        foreach (var run in expired) console.Print($"run {run.RunId} of {run.TenantId}: abandoned ({run.Reason})");
        var table = new TextTable("tenant", "kind", "what", dryRun ? "would" : "done");
        foreach (var l in sweeps.SelectMany(s => s.Leftovers)) table.Add(l.Tenant, l.Kind, l.What, l.Action);
        var count = sweeps.Sum(s => s.Leftovers.Count);
        if (count > 0) console.Print(table.ToString());
        foreach (var s in sweeps.Where(s => s.Note is not null)) console.Print($"tenant {s.Tenant}: {s.Note}");
        console.Print(count == 0 ? "no leftovers" : dryRun ? $"{count} leftover(s); run `bfw gc` to remove them" : $"{count} leftover(s) removed");
        return BfwConsole.Ok;
    }
}
