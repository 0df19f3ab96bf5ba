using BrightFunnel.Warehouse.Orchestrator;

namespace BrightFunnel.Warehouse.Console;

/// <summary><c>bfw tenant add|list|show</c>.</summary>
sealed class TenantCommand(WarehouseMigrations migrations, BfwConsole console)
{
    public int Run(CommandArgs args)
    {
        var action = args.Positional(0, "tenant action (add, list or show)");
        var json = args.Switch("json");
        switch (action)
        {
            case "add":
            {
                var tenant = TenantId.Parse(args.Positional(1, "tenant id"));
                var pod = args.RequiredOption("pod");
                var timeZone = args.Option("timezone", "UTC");
                var cron = args.Option("cron", TenantDirectory.DefaultCron);
                args.RejectUnused();
                var outcome = migrations.AddTenant(tenant, pod, timeZone, cron);
                if (!outcome.Succeeded)
                {
                    console.PrintError($"tenant {tenant} recorded on pod {pod}, but migrating {outcome.Database} failed: {outcome.Error}");
                    return BfwConsole.Failed;
                }
                console.Print($"tenant {tenant} on pod {pod}: database {outcome.Database} ready ({outcome.Applied.Count} script(s) applied)");
                return BfwConsole.Ok;
            }
            case "list":
            {
                args.RejectUnused();
                var tenants = migrations.Directory.Tenants();
                if (json) console.PrintJson(tenants.Select(ToJson));
                else
                {
                    var table = new TextTable("tenant", "pod", "time zone", "cron", "created");
                    foreach (var t in tenants) table.Add(t.TenantId, t.PodName, t.TimeZone, t.Cron, t.CreatedAt);
                    console.Print(table.ToString());
                }
                return BfwConsole.Ok;
            }
            case "show":
            {
                var tenant = TenantId.Parse(args.Positional(1, "tenant id"));
                args.RejectUnused();
                var t = migrations.Directory.GetTenant(tenant);
                var status = migrations.Status($"tenant:{tenant}")[0];
                if (json) console.PrintJson(new { tenant = ToJson(t), schemaVersion = status.Version, pending = status.Pending, drift = status.Drift });
                else
                {
                    console.Print($"tenant     {t.TenantId}");
                    console.Print($"pod        {t.PodName}");
                    console.Print($"database   {tenant.DatabaseName} (schema {status.Version ?? "none"}, {status.Pending.Count} pending, {status.Drift.Count} drifted)");
                    console.Print($"time zone  {t.TimeZone}");
                    console.Print($"cron       {t.Cron}");
                    console.Print($"created    {t.CreatedAt:yyyy-MM-dd HH:mm:ss}");
                }
                return BfwConsole.Ok;
            }
            default: throw new BadInputException($"unknown tenant action '{action}': use add, list or show");
        }
    }

    static object ToJson(Tenant t) => new { tenant = t.TenantId, pod = t.PodName, timeZone = t.TimeZone, cron = t.Cron, createdAt = t.CreatedAt };
}
