using BrightFunnel.Warehouse.Collect.Sites;

namespace BrightFunnel.Warehouse.Collect.Intake;

/// <summary>
/// Which pages may send to a site key: those served from one of the site's origins (the browser's
/// Origin header). The demo site is served by the collector itself, so the demo tenant's keys also
/// accept the collector's own origin, whatever name the visitor reached it by.
/// </summary>
public sealed class OriginPolicy(string? demoTenant)
{
    public bool Allows(WebSite site, string? origin, HttpRequest request)
    {
        if (string.IsNullOrEmpty(origin)) return false;
        if (site.Allows(origin)) return true;
        return demoTenant is not null && site.TenantId == demoTenant
            && string.Equals(origin, $"{request.Scheme}://{request.Host.Value}", StringComparison.OrdinalIgnoreCase);
    }
}
