using BrightFunnel.Warehouse.Collect.Sites;
using BrightFunnel.Warehouse.Orchestrator;

namespace BrightFunnel.Warehouse.Console;

/// <summary>
/// <c>bfw web site add &lt;tenant&gt; --origin URL [--origin URL…] | list &lt;tenant&gt; [--json] | remove &lt;tenant&gt; &lt;key&gt; [--yes]</c>:
/// the site keys the collector (bfw-collect) takes events for, and the origins allowed to send
/// them. The collector reads them again within <c>Collect:SiteRefreshSeconds</c>.
/// </summary>
sealed class WebSiteCommand(WarehouseSettings settings, BfwConsole console)
{
    const string Usage = "usage: bfw web site add <tenant> --origin https://acme.com [--origin URL ...] [--json] | bfw web site list <tenant> [--json] | bfw web site remove <tenant> <key> [--yes]";

    /// <param name="args">the arguments after <c>web</c>: <c>site &lt;action&gt; &lt;tenant&gt; …</c></param>
    public int Run(CommandArgs args)
    {
        args.OptionalPositional(0); // "site"
        var action = args.OptionalPositional(1) ?? throw new BadInputException(Usage);
        var tenant = TenantId.Parse(args.Positional(2, "tenant id"));
        var sites = new WebSites(settings.Control.ConnectionString);
        try
        {
            switch (action)
            {
                case "add":
                {
                    var origins = args.Options("origin");
                    if (origins.Count == 0) throw new BadInputException("missing --origin (the site's origin, e.g. --origin https://acme.com)");
                    var json = args.Switch("json");
                    args.RejectUnused();
                    new TenantDirectory(settings).GetTenant(tenant);
                    var (site, created) = sites.Add(tenant.Value, origins);
                    if (json) console.PrintJson(Describe(site, created));
                    else
                    {
                        console.Print(created ? $"site key {site.SiteKey} created for tenant {tenant}" : $"tenant {tenant} already has site key {site.SiteKey} for these origins");
                        console.Print($"origins: {string.Join(", ", site.Origins)}");
                        console.Print($"snippet: <script async src=\"https://<collector>/bf.js\" data-site=\"{site.SiteKey}\"></script>");
                    }
                    return BfwConsole.Ok;
                }
                case "list":
                {
                    var json = args.Switch("json");
                    args.RejectUnused();
                    new TenantDirectory(settings).GetTenant(tenant);
                    var list = sites.List(tenant.Value);
                    if (json) console.PrintJson(list.Select(s => Describe(s, null)));
                    else
                    {
                        var table = new TextTable("site key", "origins", "created");
                        foreach (var s in list) table.Add(s.SiteKey, string.Join(" ", s.Origins), s.CreatedAt.ToString("yyyy-MM-dd HH:mm"));
                        console.Print(table.ToString());
                    }
                    return BfwConsole.Ok;
                }
                case "remove":
                {
                    var key = args.Positional(3, "site key");
                    var yes = args.Switch("yes");
                    args.RejectUnused();
                    if (sites.List(tenant.Value).All(s => s.SiteKey != key)) throw new BadInputException($"tenant {tenant} has no site key {key}");
                    console.Confirm($"remove site key {key} of {tenant} (the collector refuses its events from then on)", key, yes);
                    sites.Remove(tenant.Value, key);
                    console.Print($"site key {key} removed from {tenant}");
                    return BfwConsole.Ok;
                }
                default: throw new BadInputException(Usage);
            }
        }
        catch (ArgumentException e)
        {
            throw new BadInputException(e.Message);
        }
    }

    static object Describe(WebSite s, bool? created) => created is null
        ? new { siteKey = s.SiteKey, tenant = s.TenantId, origins = s.Origins, createdAt = s.CreatedAt }
        : new { siteKey = s.SiteKey, tenant = s.TenantId, origins = s.Origins, createdAt = s.CreatedAt, created };
}
