using BrightFunnel.Warehouse.Events;
using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Events;

namespace BrightFunnel.Warehouse.Console;

/// <summary>
/// <c>bfw events ship [&lt;tenant&gt;|--all] | status &lt;tenant&gt; [--json] | import &lt;tenant&gt; &lt;dir&gt;</c>:
/// the event lake (docs/web-activity.md): closed spool segments shipped into <c>bfw_&lt;tenant&gt;.web_events</c>.
/// </summary>
sealed class EventsCommand(WarehouseSettings settings, BfwConsole console)
{
    public int Run(CommandArgs args)
    {
        var action = args.Positional(0, "events action (ship, status or import)");
        switch (action)
        {
            case "ship":
            {
                var all = args.Switch("all");
                var json = args.Switch("json");
                var named = args.OptionalPositional(1);
                args.RejectUnused();
                if (all == (named is not null)) throw new BadInputException("events ship needs a tenant or --all (not both)");
                var shipper = new EventShipper(settings);
                var tenants = all ? shipper.SpooledTenants() : [Registered(named!)];
                var reports = tenants.Select(t => SyncBridge.Wait(shipper.ShipTenantAsync(t, console.Stop))).ToList();
                if (json) { console.PrintJson(reports); return BfwConsole.Ok; }
                if (reports.Count == 0) console.Print($"no tenant has a spool folder under {settings.Events.SpoolRoot}");
                foreach (var r in reports) console.Print(Describe(r));
                return BfwConsole.Ok;
            }
            case "status":
            {
                var json = args.Switch("json");
                var tenant = Registered(args.Positional(1, "tenant id"));
                args.RejectUnused();
                var status = SyncBridge.Wait(EventStatus.ReadAsync(settings, tenant, console.Stop));
                if (json) { console.PrintJson(status); return BfwConsole.Ok; }
                var table = new TextTable("tenant", "received", "shipped", "pending", "segments shipped", "closed", "open", "last event (UTC)");
                table.Add(status.Tenant, status.Received, status.Shipped, status.Pending, status.ShippedSegments, status.ClosedSegments, status.OpenSegments,
                    status.LastEventAt?.ToString("yyyy-MM-dd HH:mm:ss.fff") ?? "-");
                console.Print(table.ToString());
                return BfwConsole.Ok;
            }
            case "import":
            {
                var json = args.Switch("json");
                var tenant = Registered(args.Positional(1, "tenant id"));
                var folder = args.Positional(2, "folder of spool segments (*.closed)");
                args.RejectUnused();
                var imported = new SpoolImport(new SpoolFolder(settings.Events.SpoolRoot)).Import(tenant, folder);
                var report = SyncBridge.Wait(new EventShipper(settings).ShipTenantAsync(tenant, console.Stop));
                if (json) { console.PrintJson(new { imported, shipped = report }); return BfwConsole.Ok; }
                console.Print($"{tenant}: imported {imported.Segments} segment(s), {imported.Events} event(s)" +
                              (imported.AlreadyInSpool > 0 ? $" ({imported.AlreadyInSpool} already in the spool)" : ""));
                console.Print(Describe(report));
                return BfwConsole.Ok;
            }
            default: throw new BadInputException($"unknown events action '{action}': use ship, status or import");
        }
    }

    /// <summary>A tenant id that is registered: the lake belongs to tenants the warehouse knows.</summary>
    TenantId Registered(string text)
    {
        var tenant = TenantId.Parse(text);
        new TenantDirectory(settings).GetTenant(tenant);
        return tenant;
    }

    static string Describe(ShipReport r) =>
        $"{r.Tenant}: shipped {r.Segments} segment(s), {r.Events} event(s) in {r.Seconds:F1} s ({r.EventsPerSecond:F0} events/s)" +
        (r.Days.Count > 0 ? $", days {r.DayRange}" : "") +
        (r.AlreadyShipped > 0 ? $"; {r.AlreadyShipped} segment(s) already shipped, removed from the spool" : "") +
        (r.TornBytes > 0 ? $"; {r.TornBytes} torn byte(s) never acknowledged, not shipped" : "");
}
