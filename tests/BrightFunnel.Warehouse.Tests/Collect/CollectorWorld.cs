using System.Net;
using System.Text;
using BrightFunnel.Warehouse.Collect;
using BrightFunnel.Warehouse.Collect.Sites;
using BrightFunnel.Warehouse.Events;
using BrightFunnel.Warehouse.Orchestrator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace BrightFunnel.Warehouse.Tests.Collect;

/// <summary>
/// A control database of its own (migrated, one pod, tenants registered as <c>bfw tenant add</c>
/// does, without their tenant databases: the collector never reads them), a spool folder of its
/// own, and collectors started in-process on free loopback ports against them.
/// </summary>
sealed class CollectorWorld : IAsyncDisposable
{
    public const string Origin = "https://acme.example";
    public WarehouseSettings Settings { get; }
    public string Prefix { get; }
    public string SpoolRoot { get; }
    public SpoolFolder Spool => new(SpoolRoot);
    readonly List<WebApplication> apps = [];

    public CollectorWorld()
    {
        Prefix = TestServer.UniqueName("bft_col_");
        Settings = TestServer.IsolatedSettings(Prefix);
        var migrations = new WarehouseMigrations(Settings);
        if (migrations.Apply("control").FirstOrDefault(o => !o.Succeeded) is { } failed) throw new InvalidOperationException(failed.Error);
        migrations.Directory.AddPod("pod", TestServer.ConnectionString, 2);
        SpoolRoot = Directory.CreateTempSubdirectory("bfw-spool-").FullName;
    }

    public string ControlConnectionString => Settings.Control.ConnectionString;

    /// <summary>A registered tenant with one site key for <paramref name="origin"/>: (tenant, key).</summary>
    public (string Tenant, string Key) AddSite(string origin = Origin)
    {
        var tenant = TenantId.Parse(TestServer.UniqueName("t"));
        new TenantDirectory(Settings).AddTenant(tenant, "pod", "UTC", TenantDirectory.DefaultCron);
        return (tenant.Value, new WebSites(ControlConnectionString).Add(tenant.Value, [origin]).Site.SiteKey);
    }

    public CollectOptions Options(Action<CollectOptions>? change = null)
    {
        var options = new CollectOptions { ConnectionString = ControlConnectionString, Port = 0, SpoolRoot = SpoolRoot, StatusLogSeconds = 0, SiteRefreshSeconds = 1 };
        change?.Invoke(options);
        return options;
    }

    public async Task<(WebApplication App, Uri Url)> Start(Action<CollectOptions>? change = null)
    {
        var app = CollectorApp.Build(Options(change));
        await app.StartAsync();
        apps.Add(app);
        return (app, new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()));
    }

    /// <summary>Stops a collector as SIGTERM would: queued batches answered, open segments closed.</summary>
    public async Task Stop(WebApplication app)
    {
        apps.Remove(app);
        await app.StopAsync();
        await app.DisposeAsync();
    }

    public static HttpClient Client(Uri url) => new(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>A batch as bf.js sends it: page views of one visitor, ids prefixed so a test finds them.</summary>
    public static string Batch(string prefix, int count, string visitor = "v1", long? ts = null) =>
        "{\"events\":[" + string.Join(",", Enumerable.Range(0, count).Select(i =>
            $"{{\"id\":\"{prefix}-{i}\",\"visitor\":\"{visitor}\",\"type\":\"page\",\"ts\":{ts ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()},\"url\":\"https://acme.example/p{i}?utm_source=x\",\"title\":\"P {i}\"}}")) + "]}";

    public static async Task<HttpResponseMessage> Post(HttpClient client, string key, string body, string? origin = Origin, string contentType = "text/plain")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/e/v1/{key}") { Content = new StringContent(body, Encoding.UTF8, contentType) };
        if (origin is not null) request.Headers.Add("Origin", origin);
        return await client.SendAsync(request);
    }

    /// <summary>Every whole event in the tenant's segments, open and closed (of this world's spool, or <paramref name="root"/>).</summary>
    public IReadOnlyList<WebEvent> Stored(string tenant, string? root = null) => Stored(root is null ? Spool : new SpoolFolder(root), tenant);

    static IReadOnlyList<WebEvent> Stored(SpoolFolder Spool, string tenant) =>
        Spool.ClosedSegments(tenant).Select(s => Spool.ClosedPath(tenant, s)).Concat(Spool.OpenSegments(tenant).Select(s => Spool.OpenPath(tenant, s)))
            .Where(File.Exists).SelectMany(p => SpoolSegmentReader.Read(p).Events).ToList();

    public byte[] SpoolBytes(string tenant, string? root = null) =>
        Directory.Exists(Path.Combine(root ?? SpoolRoot, tenant)) ? Directory.GetFiles(Path.Combine(root ?? SpoolRoot, tenant)).SelectMany(File.ReadAllBytes).ToArray() : [];

    public static async Task Until(Func<bool> condition, string what, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"waited {seconds} s for {what}");
            await Task.Delay(100);
        }
    }

    public static HttpStatusCode Status(HttpResponseMessage r) => r.StatusCode;

    public async ValueTask DisposeAsync()
    {
        foreach (var app in apps.ToList()) await Stop(app);
        TestServer.DropDatabases(Prefix + "_control", Prefix + "_web");
        try { Directory.Delete(SpoolRoot, true); } catch (IOException) { }
    }
}
