using System.Globalization;
using System.Text.Json;
using BrightFunnel.Warehouse.Console;
using BrightFunnel.Warehouse.Events;
using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Events;
using BrightFunnel.Warehouse.Tests.Impala;
using Dapper;

namespace BrightFunnel.Warehouse.Tests.Events;

/// <summary>
/// The shipper end to end, against the real MariaDB (the manifest) and the local engine over TCP
/// (the lake): closed spool segments become <c>bfw_&lt;tenant&gt;.web_events</c> rows in the right
/// day partitions, exactly once across a crash, without torn tails, without mixing tenants; and
/// <c>bfw events status|import</c> tell and take what they should.
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class EventLakeTests
{
    const long Dec1 = 1_796_083_200_000; // 2026-12-01T00:00:00Z

    string spoolRoot = null!;

    [TestInitialize]
    public void CreateSpool() => spoolRoot = Directory.CreateTempSubdirectory("bfw-spool-").FullName;

    [TestCleanup]
    public void DeleteSpool()
    {
        try { Directory.Delete(spoolRoot, recursive: true); }
        catch (IOException) { }
    }

    TestTenant Tenant(TestEngine engine)
    {
        var tenant = new TestTenant();
        tenant.Settings.Impala = engine.OffloadSettings();
        tenant.Settings.Events.SpoolRoot = spoolRoot;
        return tenant;
    }

    /// <summary>A closed segment of <paramref name="count"/> page views, one a minute from <paramref name="start"/>; returns its event ids.</summary>
    List<string> Segment(TenantId tenant, string segment, long start, int count, string prefix = "e")
    {
        using var writer = new SpoolSegmentWriter(new SpoolFolder(spoolRoot), tenant.Value, segment);
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var id = $"{prefix}{segment}-{i}";
            ids.Add(id);
            writer.Append(WebEvent.PageView(id, $"v{i % 3}", start + i * 60_000L, $"https://acme.com/p{i % 4}?utm_source=news&utm_campaign=c{i % 2}", null, "Page"));
        }
        writer.Close();
        return ids;
    }

    static async Task<List<string>> Rows(TestEngine engine, string sql)
    {
        await using var session = await engine.OpenSessionAsync();
        return (await session.QueryAsync(sql)).Rows.Select(r => string.Join("|", r.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)))).ToList();
    }

    static int ManifestRows(TestTenant tenant)
    {
        using var c = TestServer.Open(tenant.Prefix + "_control");
        return c.ExecuteScalar<int>("SELECT COUNT(*) FROM event_segments WHERE tenant_id = @id", new { id = tenant.Id.Value });
    }

    static (int Code, string Out, string Err) Bfw(TestTenant tenant, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = new BfwConsole(tenant.Settings, output, error).Run(args);
        return (code, output.ToString(), error.ToString());
    }

    [TestMethod]
    public async Task ClosedSegmentsAreShippedIntoDayPartitionsAndLeaveTheSpool()
    {
        await using var engine = TestEngine.Start();
        using var tenant = Tenant(engine);
        var db = $"bfw_{tenant.Id}";
        // The first segment crosses midnight: 30 events on Dec 1, 10 on Dec 2.
        var ids = Segment(tenant.Id, "20261201T233000000Z-aaaa0001", Dec1 + 86_400_000 - 30 * 60_000, 40);
        ids.AddRange(Segment(tenant.Id, "20261202T100000000Z-aaaa0002", Dec1 + 86_400_000 + 10 * 3_600_000, 5));
        // An open segment is the collector's: not shipped.
        using (var open = new SpoolSegmentWriter(new SpoolFolder(spoolRoot), tenant.Id.Value, "20261202T110000000Z-open0001"))
        {
            open.Append(WebEvent.Identify("open-1", "v1", Dec1 + 86_400_000 + 11 * 3_600_000, EmailHashing.Hash("ann@example.com")));
            open.Commit();
        }

        var report = await new EventShipper(tenant.Settings).ShipTenantAsync(tenant.Id);
        Assert.AreEqual(2, report.Segments);
        Assert.AreEqual(45, report.Events);
        CollectionAssert.AreEqual(new[] { "2026-12-01", "2026-12-02" }, report.Days.ToList());

        CollectionAssert.AreEqual(new[] { "2026-12-01|30", "2026-12-02|15" }, await Rows(engine, $"SELECT day, count(*) FROM {db}.web_events GROUP BY day ORDER BY day"));
        CollectionAssert.AreEquivalent(ids, await Rows(engine, $"SELECT event_id FROM {db}.web_events"));
        CollectionAssert.AreEqual(new[] { "page|https://acme.com/p1?utm_source=news&utm_campaign=c1|acme.com|/p1|news|c1|v1" },
            await Rows(engine, $"SELECT event_type, url, host, path, utm_source, utm_campaign, visitor_id FROM {db}.web_events WHERE event_id = 'e20261202T100000000Z-aaaa0002-1'"));
        CollectionAssert.AreEqual(new[] { $"{Dec1 + 86_400_000 + 10 * 3_600_000 + 60_000}" },
            await Rows(engine, $"SELECT event_ts FROM {db}.web_events WHERE event_id = 'e20261202T100000000Z-aaaa0002-1'"));
        Assert.IsTrue(File.Exists(Path.Combine(engine.Root, "events", tenant.Id.Value, "day=2026-12-01", "20261201T233000000Z-aaaa0001.parquet")));
        Assert.IsTrue(File.Exists(Path.Combine(engine.Root, "events", tenant.Id.Value, "day=2026-12-02", "20261201T233000000Z-aaaa0001.parquet")));

        var spool = new SpoolFolder(spoolRoot);
        Assert.AreEqual(0, spool.ClosedSegments(tenant.Id.Value).Count, "shipped segments leave the spool");
        Assert.AreEqual(1, spool.OpenSegments(tenant.Id.Value).Count, "the open segment stays");
        Assert.AreEqual(2, ManifestRows(tenant));

        // Status: 45 shipped, 1 pending (the open segment's), the last event the open one's.
        var status = Bfw(tenant, "events", "status", tenant.Id.Value, "--json");
        Assert.AreEqual(0, status.Code, status.Err);
        using var json = JsonDocument.Parse(status.Out);
        Assert.AreEqual(46, json.RootElement.GetProperty("received").GetInt64());
        Assert.AreEqual(45, json.RootElement.GetProperty("shipped").GetInt64());
        Assert.AreEqual(1, json.RootElement.GetProperty("pending").GetInt64());
        Assert.AreEqual(1, json.RootElement.GetProperty("openSegments").GetInt32());
        Assert.AreEqual(new DateTime(2026, 12, 2, 11, 0, 0, DateTimeKind.Utc), json.RootElement.GetProperty("lastEventAt").GetDateTime().ToUniversalTime());

        // Nothing new: a second ship ships nothing and changes nothing.
        var again = await new EventShipper(tenant.Settings).ShipTenantAsync(tenant.Id);
        Assert.AreEqual(0, again.Segments);
        CollectionAssert.AreEqual(new[] { "45" }, await Rows(engine, $"SELECT count(*) FROM {db}.web_events"));
    }

    [TestMethod]
    public async Task AShipperThatDiesBeforeItsManifestShipsAgainWithoutDuplicatesOrLoss()
    {
        await using var engine = TestEngine.Start();
        using var tenant = Tenant(engine);
        var db = $"bfw_{tenant.Id}";
        var ids = Segment(tenant.Id, "20261201T080000000Z-crash001", Dec1 + 8 * 3_600_000, 25);
        ids.AddRange(Segment(tenant.Id, "20261201T090000000Z-crash002", Dec1 + 9 * 3_600_000, 15));

        // The crash: the batch's Parquet files are written and registered, the manifest is not.
        var crashing = new EventShipper(tenant.Settings) { BeforeManifest = _ => throw new IOException("killed by the test") };
        await Assert.ThrowsExactlyAsync<IOException>(() => crashing.ShipTenantAsync(tenant.Id));
        Assert.AreEqual(0, ManifestRows(tenant));
        Assert.AreEqual(2, new SpoolFolder(spoolRoot).ClosedSegments(tenant.Id.Value).Count, "segments stay until recorded");
        CollectionAssert.AreEqual(new[] { "40" }, await Rows(engine, $"SELECT count(*) FROM {db}.web_events"), "the files did land");

        var report = await new EventShipper(tenant.Settings).ShipTenantAsync(tenant.Id);
        Assert.AreEqual(40, report.Events);
        CollectionAssert.AreEquivalent(ids, await Rows(engine, $"SELECT event_id FROM {db}.web_events"), "each event once: the re-ship overwrote the same files");
        Assert.AreEqual(2, ManifestRows(tenant));

        // A crash after the manifest and before the spool file went: the next ship only removes it.
        var spool = new SpoolFolder(spoolRoot);
        Segment(tenant.Id, "20261201T080000000Z-crash001", Dec1 + 8 * 3_600_000, 25);
        var after = await new EventShipper(tenant.Settings).ShipTenantAsync(tenant.Id);
        Assert.AreEqual(1, after.AlreadyShipped);
        Assert.AreEqual(0, after.Events);
        Assert.AreEqual(0, spool.ClosedSegments(tenant.Id.Value).Count);
        CollectionAssert.AreEqual(new[] { "40" }, await Rows(engine, $"SELECT count(*) FROM {db}.web_events"));
    }

    /// <summary>A whole frame (valid CRC) of <paramref name="e"/>, with its bytes changed by <paramref name="change"/> before the CRC is taken.</summary>
    static byte[] Frame(WebEvent e, Action<byte[]> change)
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        SpoolRecord.Write(e, output);
        var frame = output.WrittenSpan.ToArray();
        change(frame);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(4), System.IO.Hashing.Crc32.HashToUInt32(frame.AsSpan(SpoolRecord.FrameHeader)));
        return frame;
    }

    [TestMethod]
    public async Task EveryTextArrivesAsWrittenAndTextThatIsNotUtf8IsMended()
    {
        await using var engine = TestEngine.Start();
        using var tenant = Tenant(engine);
        var db = $"bfw_{tenant.Id}";
        var segment = "20261201T100000000Z-text0001";
        var path = new SpoolFolder(spoolRoot).ClosedPath(tenant.Id.Value, segment);
        // Longer than 127 bytes, so its length prefix takes two bytes, and not ASCII.
        var longTitle = string.Concat(Enumerable.Repeat("Préços — 価格 🚀 ", 12));
        using (var writer = new SpoolSegmentWriter(new SpoolFolder(spoolRoot), tenant.Id.Value, segment))
        {
            writer.Append(WebEvent.PageView("t-long", "v1", Dec1 + 1_000, "https://acme.com/pricing", "https://www.google.com/", longTitle));
            writer.Append(WebEvent.PageView("t-empty", "v1", Dec1 + 2_000, "https://acme.com/", null, ""));
            writer.Append(WebEvent.Identify("t-identify", "v1", Dec1 + 3_000, EmailHashing.Hash("ann@example.com")));
            writer.Close();
        }
        // What no collector writes but an imported segment may hold: a whole frame whose title is not UTF-8.
        var bad = Frame(WebEvent.PageView("t-bad", "v2", Dec1 + 4_000, "https://acme.com/", null, "BAD_X_Y"), frame =>
        {
            var at = frame.AsSpan().IndexOf("BAD_X_Y"u8);
            frame[at + 4] = 0xFF;
            frame[at + 6] = 0xC3;
        });
        await using (var file = new FileStream(path, FileMode.Append)) file.Write(bad);

        var report = await new EventShipper(tenant.Settings).ShipTenantAsync(tenant.Id);
        Assert.AreEqual(4, report.Events, "the mended event is shipped, not dropped");
        CollectionAssert.AreEqual(new[] { "t-bad|BAD_?_?|False|True", "t-empty||False|True", "t-identify||True|True", $"t-long|{longTitle}|False|False" },
            await Rows(engine, $"SELECT event_id, title, title IS NULL, referrer IS NULL FROM {db}.web_events ORDER BY event_id"));
        CollectionAssert.AreEqual(new[] { "page|", "identify|" + EmailHashing.Hash("ann@example.com"), "page|", "page|" },
            await Rows(engine, $"SELECT event_type, email_hash FROM {db}.web_events ORDER BY event_id DESC"));
        CollectionAssert.AreEqual(new[] { "www.google.com|acme.com|/pricing" },
            await Rows(engine, $"SELECT referrer_host, host, path FROM {db}.web_events WHERE event_id = 't-long'"));
    }

    [TestMethod]
    public async Task AnEventOfNoKnownTypeStopsItsSegmentNamingTheFileAndLosesNothing()
    {
        await using var engine = TestEngine.Start();
        using var tenant = Tenant(engine);
        var segment = "20261201T100000000Z-type0001";
        var path = new SpoolFolder(spoolRoot).ClosedPath(tenant.Id.Value, segment);
        Segment(tenant.Id, segment, Dec1, 3);
        await using (var file = new FileStream(path, FileMode.Append))
            file.Write(Frame(WebEvent.PageView("t-odd", "v", Dec1 + 5_000, "https://acme.com/", null, null), frame => frame[SpoolRecord.FrameHeader] = 7));

        var error = await Assert.ThrowsExactlyAsync<BadInputException>(() => new EventShipper(tenant.Settings).ShipTenantAsync(tenant.Id));
        StringAssert.Contains(error.Message, path);
        StringAssert.Contains(error.Message, "type 7");
        Assert.IsTrue(File.Exists(path), "the segment stays in the spool");
        Assert.AreEqual(0, ManifestRows(tenant));

        // bfw events import reads every segment first and refuses this one before copying anything.
        var folder = Directory.CreateTempSubdirectory("bfw-import-").FullName;
        try
        {
            File.Move(path, Path.Combine(folder, segment + SpoolFolder.ClosedExtension));
            var import = Bfw(tenant, "events", "import", tenant.Id.Value, folder);
            Assert.AreNotEqual(0, import.Code);
            StringAssert.Contains(import.Err, Path.Combine(folder, segment + SpoolFolder.ClosedExtension));
            StringAssert.Contains(import.Err, "event 4 has type 7");
            Assert.IsEmpty(new SpoolFolder(spoolRoot).ClosedSegments(tenant.Id.Value), "nothing copied in");
        }
        finally { Directory.Delete(folder, true); }
    }

    [TestMethod]
    public async Task ATornTailIsNotShippedAndTwoTenantsNeverMix()
    {
        await using var engine = TestEngine.Start();
        using var acme = Tenant(engine);
        using var globex = Tenant(engine);
        var acmeIds = Segment(acme.Id, "20261201T100000000Z-same0001", Dec1 + 10 * 3_600_000, 12, prefix: "acme-");
        var globexIds = Segment(globex.Id, "20261201T100000000Z-same0001", Dec1 + 10 * 3_600_000, 7, prefix: "globex-");
        // A collector that died mid-write left half a frame after its last acknowledged event.
        await using (var file = new FileStream(new SpoolFolder(spoolRoot).ClosedPath(acme.Id.Value, "20261201T100000000Z-same0001"), FileMode.Append))
            file.Write([200, 0, 0, 0, 1, 2, 3, 4, 5, 6]);

        var acmeReport = await new EventShipper(acme.Settings).ShipTenantAsync(acme.Id);
        var globexReport = await new EventShipper(globex.Settings).ShipTenantAsync(globex.Id);
        Assert.AreEqual(12, acmeReport.Events);
        Assert.AreEqual(10, acmeReport.TornBytes);
        Assert.AreEqual(7, globexReport.Events);

        CollectionAssert.AreEquivalent(acmeIds, await Rows(engine, $"SELECT event_id FROM bfw_{acme.Id}.web_events"));
        CollectionAssert.AreEquivalent(globexIds, await Rows(engine, $"SELECT event_id FROM bfw_{globex.Id}.web_events"));
        var acmeFiles = Directory.GetFiles(Path.Combine(engine.Root, "events", acme.Id.Value), "*.parquet", SearchOption.AllDirectories);
        var globexFiles = Directory.GetFiles(Path.Combine(engine.Root, "events", globex.Id.Value), "*.parquet", SearchOption.AllDirectories);
        Assert.AreEqual(1, acmeFiles.Length);
        Assert.AreEqual(1, globexFiles.Length);
        Assert.AreNotEqual(acmeFiles[0], globexFiles[0], "the same segment name of two tenants is two files");
    }

    [TestMethod]
    public async Task ImportRefusesATornSegmentNamingItThenImportsAndShipsAFolder()
    {
        await using var engine = TestEngine.Start();
        using var tenant = Tenant(engine);
        var source = Directory.CreateTempSubdirectory("bfw-import-").FullName;
        try
        {
            var generated = new SpoolFolder(source);
            // The generator's layout: <root>/<tenant>/<segment>.closed; import takes the tenant's folder.
            using (var w = new SpoolSegmentWriter(generated, "g", "20261201T000000000Z-gen00001"))
            {
                for (var i = 0; i < 9; i++) w.Append(WebEvent.PageView($"g{i}", "v", Dec1 + i, "https://acme.com/", null, null));
                w.Close();
            }
            var folder = generated.TenantFolder("g");
            File.WriteAllBytes(Path.Combine(folder, "20261201T000000000Z-gen00002.closed"), [1, 2, 3]);
            var refused = Bfw(tenant, "events", "import", tenant.Id.Value, folder);
            Assert.AreEqual(BfwConsole.BadUsage, refused.Code);
            StringAssert.Contains(refused.Err, "20261201T000000000Z-gen00002.closed: torn or corrupt");
            Assert.AreEqual(0, new SpoolFolder(spoolRoot).ClosedSegments(tenant.Id.Value).Count, "nothing copied");

            File.Delete(Path.Combine(folder, "20261201T000000000Z-gen00002.closed"));
            var imported = Bfw(tenant, "events", "import", tenant.Id.Value, folder);
            Assert.AreEqual(0, imported.Code, imported.Err);
            StringAssert.Contains(imported.Out, "imported 1 segment(s), 9 event(s)");
            CollectionAssert.AreEqual(new[] { "9" }, await Rows(engine, $"SELECT count(*) FROM bfw_{tenant.Id}.web_events"));
            Assert.IsTrue(File.Exists(Path.Combine(folder, "20261201T000000000Z-gen00001.closed")), "the source stays");
        }
        finally
        {
            Directory.Delete(source, recursive: true);
        }
    }

    [TestMethod]
    public async Task RemovingATenantWithItsDatabaseDropsItsLake()
    {
        await using var engine = TestEngine.Start();
        using var tenant = Tenant(engine);
        Segment(tenant.Id, "20261201T100000000Z-gone0001", Dec1, 3);
        await new EventShipper(tenant.Settings).ShipTenantAsync(tenant.Id);
        var removed = Bfw(tenant, "tenant", "remove", tenant.Id.Value, "--drop-database", "--yes");
        Assert.AreEqual(0, removed.Code, removed.Err);
        Assert.IsFalse(Directory.Exists(Path.Combine(engine.Root, "events", tenant.Id.Value)), "its Parquet files are deleted");
        await using var session = await engine.OpenSessionAsync();
        var tables = (await session.QueryAsync($"SHOW TABLES IN bfw_{tenant.Id}")).Rows.Select(r => (string)r[0]!).ToList();
        CollectionAssert.DoesNotContain(tables, "web_events");
        Assert.AreEqual(0, ManifestRows(tenant));
    }
}
