using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Scheduling;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Console;

/// <summary><c>bfw status</c>: per pod what runs, what waits, the last cycle and the day's failures; and the scheduler nodes.</summary>
sealed class StatusCommand(WarehouseSettings settings, BfwConsole console)
{
    public int Run(CommandArgs args)
    {
        var json = args.Switch("json");
        args.RejectUnused();
        var report = new WarehouseStatus(settings).Read();
        if (json) { console.PrintJson(report); return BfwConsole.Ok; }
        var pods = new TextTable("pod", "tenants", "running", "queued", "max concurrent", "last cycle end (UTC)", "failures 24 h", "no exports 24 h");
        foreach (var p in report.Pods) pods.Add(p.Pod, p.Tenants, p.Running, p.Queued, p.MaxConcurrent, p.LastCycleEndUtc, p.FailuresLast24h, p.NoExportsLast24h);
        console.Print(pods.ToString());
        console.Print("");
        if (report.Nodes.Count == 0)
        {
            console.Print("no scheduler node has checked in: start one with `bfw serve`");
            return BfwConsole.Ok;
        }
        var nodes = new TextTable("scheduler node", "state", "last check-in (UTC)", "interval");
        foreach (var n in report.Nodes) nodes.Add(n.InstanceId, n.Alive ? "alive" : "not checking in", n.LastCheckInUtc, $"{n.CheckinInterval.TotalSeconds:0.#} s");
        console.Print(nodes.ToString());
        return BfwConsole.Ok;
    }
}
