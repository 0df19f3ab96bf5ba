using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Scheduling;

namespace BrightFunnel.Warehouse.Console;

/// <summary><c>bfw schedule list|set</c>: each tenant's cron in its time zone, as Quartz holds it.</summary>
sealed class ScheduleCommand(WarehouseSettings settings, BfwConsole console)
{
    public int Run(CommandArgs args) => SyncBridge.Wait(RunAsync(args));

    async Task<int> RunAsync(CommandArgs args)
    {
        var action = args.Positional(0, "schedule action (list or set)");
        var json = args.Switch("json");
        switch (action)
        {
            case "list":
            {
                args.RejectUnused();
                await using var client = await WarehouseScheduler.Client(settings);
                var entries = await new TenantSchedules(settings, client.Scheduler).List();
                if (json) console.PrintJson(entries);
                else
                {
                    var table = new TextTable("tenant", "pod", "time zone", "cron", "trigger", "next fire (UTC)", "previous fire (UTC)");
                    foreach (var e in entries) table.Add(e.Tenant, e.Pod, e.TimeZone, e.Cron, e.TriggerState, e.NextFireUtc?.UtcDateTime, e.PreviousFireUtc?.UtcDateTime);
                    console.Print(table.ToString());
                    if (entries.Any(e => e.TriggerState == TenantSchedules.NotRegistered))
                        console.Print($"{TenantSchedules.NotRegistered}: no scheduler node has synced the tenant since it was added, so its cycle does not fire yet. " +
                                      $"A running bfw serve registers every tenant within {settings.Scheduler.SyncInterval.TotalSeconds:0} s; " +
                                      "bfw schedule set <tenant> \"<cron>\" registers one now.");
                }
                return BfwConsole.Ok;
            }
            case "set":
            {
                var tenant = TenantId.Parse(args.Positional(1, "tenant id"));
                var cron = args.Positional(2, "cron expression (quote it: \"0 0 2 * * ?\")");
                if (args.Positionals.Count > 3) throw new BadInputException("too many arguments: quote the cron expression, e.g. \"0 0 2 * * ?\"");
                var force = args.Switch("force");
                args.RejectUnused();
                await using var client = await WarehouseScheduler.Client(settings);
                var entry = await new TenantSchedules(settings, client.Scheduler).SetCron(tenant, cron, force);
                if (json) console.PrintJson(entry);
                else console.Print($"tenant {entry.Tenant}: cron '{entry.Cron}' in {entry.TimeZone}; next fire {entry.NextFireUtc?.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC");
                return BfwConsole.Ok;
            }
            default: throw new BadInputException($"unknown schedule action '{action}': use list or set");
        }
    }
}
