namespace BrightFunnel.Warehouse.Collect.Sites;

/// <summary>A tenant's website: its public key (the collector's URL names it) and the origins its pages are served from.</summary>
public sealed record WebSite(string SiteKey, string TenantId, IReadOnlyList<string> Origins, DateTime CreatedAt)
{
    public bool Allows(string origin) => Origins.Contains(origin, StringComparer.Ordinal);
}
