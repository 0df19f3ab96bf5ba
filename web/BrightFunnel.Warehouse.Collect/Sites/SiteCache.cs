using System.Collections.Frozen;

namespace BrightFunnel.Warehouse.Collect.Sites;

/// <summary>
/// Every site key in memory, read again from bf_control every few seconds: a request never waits
/// on the database. When a refresh fails the keys known before stay in force (the control server
/// may be restarting); the failure is logged without the connection string.
/// </summary>
public sealed class SiteCache(string controlConnectionString, TimeSpan refresh, ILogger<SiteCache> log) : BackgroundService
{
    FrozenDictionary<string, WebSite> sites = FrozenDictionary<string, WebSite>.Empty;

    /// <summary>The site with this key, or null.</summary>
    public WebSite? Find(string key) => sites.GetValueOrDefault(key);

    /// <summary>The tenant's first site (the demo site sends to it), or null.</summary>
    public WebSite? FirstOf(string tenant) => sites.Values.Where(s => s.TenantId == tenant).OrderBy(s => s.CreatedAt).ThenBy(s => s.SiteKey, StringComparer.Ordinal).FirstOrDefault();

    public int Count => sites.Count;

    public async Task Load(CancellationToken cancel) =>
        sites = (await WebSites.AllAsync(controlConnectionString, cancel)).ToFrozenDictionary(s => s.SiteKey, StringComparer.Ordinal);

    /// <summary>Reads the keys before the collector listens: a start without them fails rather than answer 404 to every site.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await Load(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(refresh);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try { await Load(stoppingToken); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The error's kind only: a driver's message may name the server's address.
                var error = e is MySqlConnector.MySqlException m ? $"MySQL error {m.ErrorCode}" : e.GetType().Name;
                log.LogWarning("reading the site keys from bf_control failed ({Error}); the {Count} keys read before stay in force", error, sites.Count);
            }
        }
    }
}
