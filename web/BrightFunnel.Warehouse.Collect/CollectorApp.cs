using BrightFunnel.Warehouse.Collect.Demo;
using BrightFunnel.Warehouse.Collect.Intake;
using BrightFunnel.Warehouse.Collect.Sites;
using BrightFunnel.Warehouse.Collect.Snippet;
using BrightFunnel.Warehouse.Collect.Spool;
using BrightFunnel.Warehouse.Collect.Status;
using BrightFunnel.Warehouse.Events;

namespace BrightFunnel.Warehouse.Collect;

/// <summary>Builds the collector; <c>bfw-collect</c> runs it, tests and the bench start it in-process or as a child process.</summary>
public static partial class CollectorApp
{
    public static WebApplication Build(CollectOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
            throw new ArgumentException("no connection string for bf_control (the site keys): set Control:ConnectionString (BFW__Control__ConnectionString), as for bfw");
        if (options.DemoTenant is { } demo && !TenantPattern().IsMatch(demo))
            throw new ArgumentException($"Collect:DemoTenant '{demo}' is not a tenant id ([a-z][a-z0-9_]{{1,30}})");
        if (options.MaxBodyBytes < 1024) throw new ArgumentException($"Collect:MaxBodyBytes must be at least 1024, got {options.MaxBodyBytes}");
        if (options.EventsPerSecond < 1 || options.EventsBurst < 1) throw new ArgumentException("Collect:EventsPerSecond and Collect:EventsBurst must be at least 1");
        if (options.SegmentMaxAgeSeconds <= 0 || options.SegmentMaxBytes < 1) throw new ArgumentException("Collect:SegmentMaxAgeSeconds and Collect:SegmentMaxBytes must be positive");

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls($"http://{options.Bind}:{options.Port}");
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("BrightFunnel", LogLevel.Information);

        var spool = new SpoolWriters(new SpoolFolder(options.SpoolRoot),
            new SpoolLimits(options.SegmentMaxBytes, TimeSpan.FromSeconds(options.SegmentMaxAgeSeconds), options.MinFreeBytes));
        var counters = new CollectorCounters();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(counters);
        builder.Services.AddSingleton(spool);
        builder.Services.AddSingleton(p => new SiteCache(options.ConnectionString, TimeSpan.FromSeconds(options.SiteRefreshSeconds), p.GetRequiredService<ILogger<SiteCache>>()));
        builder.Services.AddHostedService(p => p.GetRequiredService<SiteCache>());
        builder.Services.AddHostedService(p => new StatusLog(counters, TimeSpan.FromSeconds(options.StatusLogSeconds), p.GetRequiredService<ILogger<StatusLog>>()));
        builder.Services.AddSingleton(new KeyRateLimits(options.EventsPerSecond, options.EventsBurst));

        var app = builder.Build();
        // Once the last request is answered: each open segment is closed for the shipper, the lock freed.
        app.Lifetime.ApplicationStopped.Register(() => spool.DisposeAsync().AsTask().GetAwaiter().GetResult());
        SnippetEndpoint.Map(app);
        new CollectEndpoint(app.Services.GetRequiredService<SiteCache>(), new OriginPolicy(options.DemoTenant),
            app.Services.GetRequiredService<KeyRateLimits>(), spool, counters, options.MaxBodyBytes).Map(app);
        StatusEndpoint.Map(app);
        if (options.DemoTenant is { } tenant) DemoSite.Map(app, tenant);
        return app;
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z][a-z0-9_]{1,30}$")]
    private static partial System.Text.RegularExpressions.Regex TenantPattern();
}
