using System.Net;
using System.Text.Json;
using BrightFunnel.Warehouse.Collect.Snippet;

namespace BrightFunnel.Warehouse.Tests.Collect;

/// <summary>
/// Every refusal of <c>POST /e/v1/&lt;site-key&gt;</c> over real TCP, with its status, its count in
/// <c>/status</c>, and nothing in the spool; the CORS preflight; the snippet's cache headers.
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class CollectorRefusalTests
{
    static CollectorWorld world = null!;
    static string tenant = null!, key = null!;
    static Uri url = null!;

    [ClassInitialize]
    public static async Task Start(TestContext context)
    {
        world = new CollectorWorld();
        (tenant, key) = world.AddSite();
        (_, url) = await world.Start(o => { o.MaxBodyBytes = 4096; o.EventsPerSecond = 1; o.EventsBurst = 30; });
    }

    [ClassCleanup]
    public static async Task Stop() => await world.DisposeAsync();

    [TestMethod]
    public async Task EachRefusalHasItsStatusIsCountedAndStoresNothing()
    {
        using var client = CollectorWorld.Client(url);
        var before = await Status(client);
        var ok = CollectorWorld.Batch("refused", 1);

        var unknown = await CollectorWorld.Post(client, "nosuchkey0000000000", ok);
        Assert.AreEqual(HttpStatusCode.NotFound, unknown.StatusCode, "unknown key");

        var otherOrigin = await CollectorWorld.Post(client, key, ok, origin: "https://evil.example");
        Assert.AreEqual(HttpStatusCode.Forbidden, otherOrigin.StatusCode, "origin not on the site's list");
        Assert.IsFalse(otherOrigin.Headers.Contains("Access-Control-Allow-Origin"), "no CORS grant to a refused origin");
        var noOrigin = await CollectorWorld.Post(client, key, ok, origin: null);
        Assert.AreEqual(HttpStatusCode.Forbidden, noOrigin.StatusCode, "no Origin header at all");

        var large = await CollectorWorld.Post(client, key, CollectorWorld.Batch("large", 60));
        Assert.AreEqual(HttpStatusCode.RequestEntityTooLarge, large.StatusCode, "a body over Collect:MaxBodyBytes");

        var notJson = await CollectorWorld.Post(client, key, "{\"events\": [");
        Assert.AreEqual(HttpStatusCode.BadRequest, notJson.StatusCode);
        StringAssert.Contains(await notJson.Content.ReadAsStringAsync(), "not JSON");
        var badEvent = await CollectorWorld.Post(client, key, ok.Replace("\"page\"", "\"click\""));
        Assert.AreEqual(HttpStatusCode.BadRequest, badEvent.StatusCode);
        StringAssert.Contains(await badEvent.Content.ReadAsStringAsync(), "event 0: \"type\"");
        var badEmail = await CollectorWorld.Post(client, key,
            $"{{\"events\":[{{\"id\":\"e1\",\"visitor\":\"v\",\"type\":\"identify\",\"ts\":{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()},\"email\":\"not an address\"}}]}}");
        Assert.AreEqual(HttpStatusCode.BadRequest, badEmail.StatusCode);
        Assert.IsFalse((await badEmail.Content.ReadAsStringAsync()).Contains("not an address"), "the error never echoes what was in the email field");

        var after = await Status(client);
        foreach (var (reason, expected) in new[] { ("key", 1), ("origin", 2), ("size", 1), ("json", 3), ("rate", 0), ("full", 0) })
            Assert.AreEqual(expected, Refused(after, reason) - Refused(before, reason), $"refused for {reason}");
        Assert.IsEmpty(world.Stored(tenant), "no refused event is stored");
    }

    [TestMethod]
    public async Task AKeyOverItsRateGets429WithRetryAfter()
    {
        using var client = CollectorWorld.Client(url);
        // The bucket holds 30 events and refills one a second: 25 pass, the next 25 do not fit.
        var first = await CollectorWorld.Post(client, key, CollectorWorld.Batch("rate-a", 25));
        Assert.AreEqual(HttpStatusCode.Accepted, first.StatusCode, await first.Content.ReadAsStringAsync());
        var second = await CollectorWorld.Post(client, key, CollectorWorld.Batch("rate-b", 25));
        Assert.AreEqual((HttpStatusCode)429, second.StatusCode);
        Assert.IsTrue(second.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "Retry-After says when to come back");
        Assert.IsFalse(world.Stored(tenant).Any(e => e.EventId.StartsWith("rate-b", StringComparison.Ordinal)), "the refused batch is not stored");
    }

    [TestMethod]
    public async Task ThePreflightGrantsTheSitesOriginOnly()
    {
        using var client = CollectorWorld.Client(url);
        async Task<HttpResponseMessage> Preflight(string k, string origin)
        {
            using var request = new HttpRequestMessage(HttpMethod.Options, $"/e/v1/{k}");
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "POST");
            request.Headers.Add("Access-Control-Request-Headers", "content-type");
            return await client.SendAsync(request);
        }
        var granted = await Preflight(key, CollectorWorld.Origin);
        Assert.AreEqual(HttpStatusCode.NoContent, granted.StatusCode);
        Assert.AreEqual(CollectorWorld.Origin, granted.Headers.GetValues("Access-Control-Allow-Origin").Single());
        StringAssert.Contains(granted.Headers.GetValues("Access-Control-Allow-Methods").Single(), "POST");
        StringAssert.Contains(granted.Headers.GetValues("Access-Control-Allow-Headers").Single(), "Content-Type");
        Assert.AreEqual(HttpStatusCode.Forbidden, (await Preflight(key, "https://evil.example")).StatusCode);
        Assert.AreEqual(HttpStatusCode.NotFound, (await Preflight("nosuchkey0000000000", CollectorWorld.Origin)).StatusCode);
    }

    [TestMethod]
    public async Task TheSnippetIsCachedLongAndRevalidatedByItsETag()
    {
        using var client = CollectorWorld.Client(url);
        var script = await client.GetAsync("/bf.js");
        Assert.AreEqual(HttpStatusCode.OK, script.StatusCode);
        Assert.AreEqual("application/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.IsTrue(script.Headers.CacheControl is { Public: true } cc && cc.MaxAge >= TimeSpan.FromDays(7), script.Headers.CacheControl?.ToString());
        var etag = script.Headers.ETag!.Tag;
        Assert.AreEqual(SnippetEndpoint.ETag, etag);
        StringAssert.Contains(await script.Content.ReadAsStringAsync(), "doNotTrack");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/bf.js");
        again.Headers.TryAddWithoutValidation("If-None-Match", etag);
        Assert.AreEqual(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);
    }

    static async Task<JsonElement> Status(HttpClient client) => JsonDocument.Parse(await client.GetStringAsync("/status")).RootElement;
    static long Refused(JsonElement status, string reason) => status.GetProperty("refused").GetProperty(reason).GetInt64();
}
