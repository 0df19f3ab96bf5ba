using System.Diagnostics;
using System.Net;
using System.Text;
using BrightFunnel.Warehouse.Events;

namespace BrightFunnel.Warehouse.Tests.Collect;

/// <summary>
/// What a 202 means: the events are in the tenant's spool segment (and only that tenant's), the
/// email as its hash and nowhere in clear; segments close by age for the shipper; a full disk is
/// 503 and stores nothing.
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class CollectorSpoolTests
{
    const string Email = "  Jane.Doe@Acme.Example ";

    [TestMethod]
    public async Task AnAcknowledgedBatchIsInItsTenantsSpoolWithTheEmailHashed()
    {
        await using var world = new CollectorWorld();
        var (a, keyA) = world.AddSite();
        var (b, keyB) = world.AddSite("https://other.example");
        var (_, url) = await world.Start();
        using var client = CollectorWorld.Client(url);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var body = $$"""
            {"sent": {{now}}, "events": [
              {"id": "p1", "visitor": "vis-1", "type": "page", "ts": {{now - 1000}}, "url": "https://acme.example/pricing?utm_source=google&utm_medium=cpc&utm_campaign=Spring", "referrer": "https://www.google.com/", "title": "Pricing"},
              {"id": "p2", "visitor": "vis-1", "type": "page", "ts": {{now - 500}}, "url": "https://acme.example/thanks?email=jane.doe%40acme.example", "title": "Thanks jane.doe@acme.example"},
              {"id": "i1", "visitor": "vis-1", "type": "identify", "ts": {{now}}, "email": "{{Email}}", "url": "https://acme.example/contact"},
              {"id": "i2", "visitor": "vis-1", "type": "identify", "ts": {{now}}, "emailHash": "{{EmailHashing.Hash("other@acme.example").ToUpperInvariant()}}"}
            ]}
            """;
        var response = await CollectorWorld.Post(client, keyA, body, contentType: "application/json");
        Assert.AreEqual(HttpStatusCode.Accepted, response.StatusCode, await response.Content.ReadAsStringAsync());
        Assert.AreEqual(CollectorWorld.Origin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.AreEqual(HttpStatusCode.Accepted, (await CollectorWorld.Post(client, keyB, CollectorWorld.Batch("b", 3), origin: "https://other.example")).StatusCode);

        // Acknowledged means on disk: readable now, before any segment closes.
        var stored = world.Stored(a).ToDictionary(e => e.EventId);
        CollectionAssert.AreEquivalent(new[] { "p1", "p2", "i1", "i2" }, stored.Keys.ToList(), "tenant A's events, and only those");
        Assert.AreEqual(3, world.Stored(b).Count, "tenant B's in B's folder");
        var pricing = stored["p1"];
        Assert.AreEqual(WebEventType.Page, pricing.Type);
        Assert.AreEqual(("acme.example", "/pricing", "google", "cpc", "Spring", "www.google.com", "Pricing"),
            (pricing.Host, pricing.Path, pricing.UtmSource, pricing.UtmMedium, pricing.UtmCampaign, pricing.ReferrerHost, pricing.Title));
        Assert.AreEqual(EmailHashing.Hash("jane.doe@acme.example"), stored["i1"].EmailHash, "hashed trimmed and lower-cased, on arrival");
        Assert.AreEqual(EmailHashing.Hash("other@acme.example"), stored["i2"].EmailHash, "an already hashed value is kept (lower-cased)");
        Assert.AreEqual("vis-1", stored["i1"].VisitorId);
        Assert.IsTrue(Math.Abs(stored["i1"].Timestamp - now) < 60_000, "dated on the collector's clock");

        var bytes = Encoding.UTF8.GetString(world.SpoolBytes(a));
        foreach (var clear in new[] { "jane.doe@acme.example", "Jane.Doe@Acme.Example", "jane.doe%40acme.example", "@acme.example" })
            Assert.IsFalse(bytes.Contains(clear, StringComparison.OrdinalIgnoreCase), $"'{clear}' in the spool's bytes");
        StringAssert.Contains(stored["p2"].Url, "(email)", "an address in a URL is replaced");
    }

    [TestMethod]
    public async Task SegmentsCloseByAgeAndAStartClosesWhatACrashLeftOpen()
    {
        await using var world = new CollectorWorld();
        var (tenant, key) = world.AddSite();
        var (app, url) = await world.Start(o => o.SegmentMaxAgeSeconds = 1);
        using (var client = CollectorWorld.Client(url))
            Assert.AreEqual(HttpStatusCode.Accepted, (await CollectorWorld.Post(client, key, CollectorWorld.Batch("aged", 5))).StatusCode);
        await CollectorWorld.Until(() => world.Spool.ClosedSegments(tenant).Count == 1 && world.Spool.OpenSegments(tenant).Count == 0, "the segment closed by age");
        await world.Stop(app);

        // What a killed collector leaves: an open segment with whole frames and a torn tail.
        var segment = SpoolFolder.NewSegmentName();
        using (var writer = new SpoolSegmentWriter(world.Spool, tenant, segment))
        {
            writer.Append(WebEvent.PageView("left-1", "v", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), "https://acme.example/", null, null));
            writer.Commit();
        }
        File.AppendAllText(world.Spool.OpenPath(tenant, segment), "torn");
        await world.Start();
        Assert.IsEmpty(world.Spool.OpenSegments(tenant), "no open segment after the start");
        var closed = SpoolSegmentReader.Read(world.Spool.ClosedPath(tenant, segment));
        Assert.AreEqual(("left-1", 0L), (closed.Events.Single().EventId, closed.TornBytes), "closed with its whole events, the torn tail cut");
    }

    [TestMethod]
    public async Task UnderTheFreeSpaceReserveTheAnswerIs503AndNothingIsStored()
    {
        await using var world = new CollectorWorld();
        var (tenant, key) = world.AddSite();
        var (_, url) = await world.Start(o => o.MinFreeBytes = long.MaxValue);
        using var client = CollectorWorld.Client(url);
        var response = await CollectorWorld.Post(client, key, CollectorWorld.Batch("full", 3));
        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.IsNotNull(response.Headers.RetryAfter);
        Assert.IsEmpty(world.Stored(tenant));
        Assert.IsEmpty(world.Spool.OpenSegments(tenant).Concat(world.Spool.ClosedSegments(tenant)).ToList(), "no empty segment left behind");
    }

    [TestMethod]
    public async Task ARealFullDiskIs503NeverA202AndTheSpoolStaysReadable()
    {
        await using var world = new CollectorWorld();
        var (tenant, key) = world.AddSite();
        var mount = Directory.CreateTempSubdirectory("bfw-full-").FullName;
        // A 256 KiB tmpfs fills after a few hundred events (needs root, which ./run test in its container has).
        if (Run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mount) != 0) Assert.Inconclusive("cannot mount a small tmpfs here (not root)");
        try
        {
            var (app, url) = await world.Start(o => { o.SpoolRoot = mount; o.MinFreeBytes = 0; });
            using var client = CollectorWorld.Client(url);
            var acknowledged = new List<string>();
            HttpResponseMessage? last = null;
            for (var i = 0; i < 400; i++)
            {
                last = await CollectorWorld.Post(client, key, CollectorWorld.Batch($"f{i}", 20));
                if (last.StatusCode != HttpStatusCode.Accepted) break;
                acknowledged.AddRange(Enumerable.Range(0, 20).Select(j => $"f{i}-{j}"));
            }
            Assert.AreEqual(HttpStatusCode.ServiceUnavailable, last!.StatusCode, "the disk filled and the collector said so");
            var stored = new SpoolFolder(mount).OpenSegments(tenant).SelectMany(s => SpoolSegmentReader.Read(new SpoolFolder(mount).OpenPath(tenant, s)).Events)
                .Select(e => e.EventId).ToList();
            CollectionAssert.AreEquivalent(acknowledged, stored, "exactly the acknowledged events, whole (the failed write was cut back)");
            await world.Stop(app);
        }
        finally
        {
            if (Run("umount", mount) != 0) Run("umount", "-l", mount);
            Directory.Delete(mount, true);
        }
    }

    static int Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        p.WaitForExit();
        return p.ExitCode;
    }
}
