using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Filters;

namespace BrightFunnel.Warehouse.Console;

/// <summary><c>bfw filter add|list|remove</c>: a tenant's dynamic filters; a rule is compiled before it is stored.</summary>
sealed class FilterCommand(WarehouseSettings settings, BfwConsole console)
{
    public int Run(CommandArgs args)
    {
        var action = args.Positional(0, "filter action (add, list or remove)");
        var tenant = TenantId.Parse(args.Positional(1, "tenant id"));
        var directory = new TenantDirectory(settings);
        directory.GetTenant(tenant);
        var store = new FilterStore(settings.Control.ConnectionString);
        switch (action)
        {
            case "add":
            {
                var name = FilterStore.CleanName(args.Positional(2, "filter name"));
                var rule = args.RequiredOption("rule");
                var replace = args.Switch("replace");
                args.RejectUnused();
                var config = new TenantConfigStore(settings.Control.ConnectionString).Current(tenant).Config;
                var registration = store.Add(tenant, name, rule, RelativeDates.ForTenant(DateTime.UtcNow, config.TimeZone, config.FiscalYearStartMonth), replace);
                console.Print(registration.Existed && registration.Changes.Count == 0
                    ? $"filter '{name}' of {tenant} unchanged (already saved with this rule)"
                    : $"{registration.Describe($"filter '{name}' of {tenant}")}; it applies from the next aggregate step");
                return BfwConsole.Ok;
            }
            case "list":
            {
                var json = args.Switch("json");
                args.RejectUnused();
                var filters = store.List(tenant);
                if (json) console.PrintJson(filters.Select(f => new { name = f.Name, rule = System.Text.Json.JsonDocument.Parse(f.Rule).RootElement }));
                else
                {
                    var table = new TextTable("filter", "rule");
                    foreach (var f in filters) table.Add(f.Name, f.Rule);
                    console.Print(table.ToString());
                }
                return BfwConsole.Ok;
            }
            case "remove":
            {
                var name = FilterStore.CleanName(args.Positional(2, "filter name"));
                var yes = args.Switch("yes");
                args.RejectUnused();
                console.Confirm($"remove filter '{name}' of {tenant}", name, yes);
                store.Remove(tenant, name);
                console.Print($"filter '{name}' removed from {tenant}");
                return BfwConsole.Ok;
            }
            default: throw new BadInputException($"unknown filter action '{action}': use add, list or remove");
        }
    }
}
