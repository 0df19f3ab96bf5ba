using System.Security.Cryptography;
using Dapper;
using MySqlConnector;

namespace BrightFunnel.Warehouse.Collect.Sites;

/// <summary>
/// The site keys in bf_control (<c>web_sites</c>, <c>web_site_origins</c>): written by
/// <c>bfw web site add|remove</c>, read whole by the collector at each refresh.
/// </summary>
public sealed class WebSites(string controlConnectionString)
{
    const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    const int KeyLength = 20;

    /// <summary>
    /// A new site of the tenant with these origins, or the existing one with exactly the same
    /// origins (so a script may add again): the site and whether it was created.
    /// </summary>
    public (WebSite Site, bool Created) Add(string tenant, IReadOnlyCollection<string> origins)
    {
        if (origins.Count == 0) throw new ArgumentException("a site needs at least one origin (--origin https://acme.com)");
        var normalized = origins.Select(SiteOrigin.Normalize).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (List(tenant).FirstOrDefault(s => s.Origins.SequenceEqual(normalized)) is { } existing) return (existing, false);
        var key = NewKey();
        using var c = Open();
        using var tx = c.BeginTransaction();
        c.Execute("INSERT INTO web_sites (site_key, tenant_id) VALUES (@key, @tenant)", new { key, tenant }, tx);
        c.Execute("INSERT INTO web_site_origins (site_key, origin) VALUES (@key, @origin)", normalized.Select(origin => new { key, origin }), tx);
        tx.Commit();
        return (List(tenant).Single(s => s.SiteKey == key), true);
    }

    public IReadOnlyList<WebSite> List(string tenant) => Read("WHERE s.tenant_id = @tenant", new { tenant });

    /// <summary>Every tenant's sites: what the collector serves.</summary>
    public IReadOnlyList<WebSite> All() => Read("", null);

    /// <summary>Removes the tenant's site; false when the tenant has no such key.</summary>
    public bool Remove(string tenant, string key)
    {
        using var c = Open();
        // The origins go with it (ON DELETE CASCADE).
        return c.Execute("DELETE FROM web_sites WHERE tenant_id = @tenant AND site_key = @key", new { tenant, key }) > 0;
    }

    public static async Task<IReadOnlyList<WebSite>> AllAsync(string controlConnectionString, CancellationToken cancel)
    {
        await using var c = new MySqlConnection(controlConnectionString);
        await c.OpenAsync(cancel);
        var rows = await c.QueryAsync<SiteRow>(new CommandDefinition(Select, cancellationToken: cancel));
        return Group(rows);
    }

    const string Select = """
        SELECT s.site_key AS SiteKey, s.tenant_id AS TenantId, s.created_at AS CreatedAt, o.origin AS Origin
        FROM web_sites s LEFT JOIN web_site_origins o ON o.site_key = s.site_key
        """;

    IReadOnlyList<WebSite> Read(string where, object? parameters)
    {
        using var c = Open();
        return Group(c.Query<SiteRow>($"{Select} {where}", parameters));
    }

    static IReadOnlyList<WebSite> Group(IEnumerable<SiteRow> rows) =>
        rows.GroupBy(r => r.SiteKey)
            .Select(g => new WebSite(g.Key, g.First().TenantId, g.Where(r => r.Origin is not null).Select(r => r.Origin!).Order(StringComparer.Ordinal).ToList(), g.First().CreatedAt))
            .OrderBy(s => s.TenantId, StringComparer.Ordinal).ThenBy(s => s.CreatedAt).ThenBy(s => s.SiteKey, StringComparer.Ordinal).ToList();

    /// <summary>20 random characters of [a-z0-9]: public, but not guessable from another site's.</summary>
    static string NewKey() => RandomNumberGenerator.GetString(Alphabet, KeyLength);

    MySqlConnection Open()
    {
        var c = new MySqlConnection(controlConnectionString);
        c.Open();
        return c;
    }

    sealed record SiteRow(string SiteKey, string TenantId, DateTime CreatedAt, string? Origin);
}
