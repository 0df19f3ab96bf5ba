using System.Globalization;
using System.Security.Cryptography;
using BrightFunnel.Warehouse.Console;
using BrightFunnel.Warehouse.Events;
using BrightFunnel.Warehouse.Generation;
using BrightFunnel.Warehouse.Orchestrator;

namespace BrightFunnel.Warehouse.Tests.Generation;

/// <summary>
/// The generated web activity of a size-S tenant, read back from its spool segments and checked
/// against the shared definitions (sessions, identification, default channels, campaign
/// resolution) recomputed here from the events and the CRM files, independently of the generator.
/// </summary>
[TestClass]
public sealed class WebActivityTests
{
    const long Seed = 4242;
    const long ThirtyMinutes = 1_800_000;
    static string folder = "";
    static GenerationReport report = null!;
    static WebActivityReport web = null!;
    static List<WebEvent> events = [];
    static Dictionary<string, List<WebEvent>> byVisitor = [];
    static IReadOnlyList<WebTruthSession> truthSessions = [];
    static IReadOnlyDictionary<string, string?> truthVisitors = null!;
    static readonly Dictionary<string, StrictCsvReader> Files = [];

    [ClassInitialize]
    public static void Generate(TestContext _)
    {
        folder = Path.Combine(Path.GetTempPath(), $"bfw-web-{Guid.NewGuid():N}");
        report = TenantDataGenerator.Generate(new GenerationOptions(GeneratorSize.S, Seed, folder, WebActivity: true));
        web = report.Web!;
        foreach (var name in web.Segments) events.AddRange(SpoolSegmentReader.Read(new SpoolFolder(folder).ClosedPath(WebActivityGenerator.EventsFolder, name)).Events);
        byVisitor = events.GroupBy(e => e.VisitorId).ToDictionary(g => g.Key, g => g.OrderBy(e => e.Timestamp).ThenBy(e => e.EventId, StringComparer.Ordinal).ToList());
        truthSessions = WebTruth.ReadSessions(folder);
        truthVisitors = WebTruth.ReadVisitors(folder);
        foreach (var file in new[] { ExportFiles.Contact, ExportFiles.Lead, ExportFiles.Campaign, ExportFiles.Opportunity })
            Files[file] = StrictCsvReader.ReadFile(Path.Combine(folder, file));
    }

    [ClassCleanup]
    public static void Cleanup()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    [TestMethod]
    public void TheSegmentsAreClosedAndReadBackComplete()
    {
        var spool = new SpoolFolder(folder);
        Assert.AreEqual(Path.Combine(folder, "web"), web.EventsFolder);
        CollectionAssert.AreEqual(web.Segments.ToList(), spool.ClosedSegments(WebActivityGenerator.EventsFolder).ToList());
        Assert.IsEmpty(spool.OpenSegments(WebActivityGenerator.EventsFolder));
        foreach (var name in web.Segments) Assert.AreEqual(0, SpoolSegmentReader.Read(spool.ClosedPath(WebActivityGenerator.EventsFolder, name)).TornBytes, name);
        Assert.AreEqual(web.Events, events.Count);
        Assert.AreEqual(events.Count, events.Select(e => e.EventId).Distinct().Count(), "event ids are unique");
        // Roughly the size S target (≈ 200k events).
        Assert.IsInRange(150_000, 260_000, events.Count);
    }

    [TestMethod]
    public void ThePageViewsAreWhatTheCollectorWouldStoreForTheirUrls()
    {
        foreach (var e in events.Where(e => e.Type == WebEventType.Page))
            Assert.AreEqual(WebEvent.PageView(e.EventId, e.VisitorId, e.Timestamp, e.Url, e.Referrer, e.Title), e);
        Assert.IsTrue(events.Where(e => e.Type == WebEventType.Identify).All(e => EmailHashing.IsHash(e.EmailHash!)));
    }

    [TestMethod]
    public void OneSiteHostAndEveryVisitInsideTheDataWindow()
    {
        var end = new DateTimeOffset(report.ReferenceDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
        var start = end - 1096L * 86_400_000;
        Assert.IsTrue(events.All(e => e.Timestamp >= start && e.Timestamp < end));
        Assert.AreEqual(web.SiteHost, events.Select(e => e.Host).Distinct().Single());
        // Returning visitors over many days.
        Assert.IsGreaterThan(500, byVisitor.Values.Count(v => v.Select(e => e.Day).Distinct().Count() >= 3));
    }

    [TestMethod]
    public void TheSameSeedWritesIdenticalBytesAndAnotherSeedDoesNot()
    {
        var a = Path.Combine(folder, "again-a");
        var b = Path.Combine(folder, "again-b");
        WebActivityGenerator.Write(GeneratorSize.S, Seed, a);
        WebActivityGenerator.Write(GeneratorSize.S, Seed + 1, b);
        var original = Hashes(folder);
        var again = Hashes(a);
        Assert.HasCount(3, original);
        CollectionAssert.AreEquivalent(original.ToList(), again.ToList());
        var other = Hashes(b);
        foreach (var file in original.Keys.Where(other.ContainsKey)) Assert.AreNotEqual(original[file], other[file], file);
    }

    static Dictionary<string, string> Hashes(string root) =>
        new[] { "web", "web-truth" }.SelectMany(d => Directory.GetFiles(Path.Combine(root, d)))
            .ToDictionary(f => Path.GetRelativePath(root, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    [TestMethod]
    public void EachVisitorIsThePersonOfItsEarliestMatchingIdentify()
    {
        var people = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Person(string? email, string id)
        {
            if (string.IsNullOrEmpty(email)) return;
            var hash = EmailHashing.Hash(email);
            if (!people.TryGetValue(hash, out var ids)) people[hash] = ids = [];
            ids.Add(id);
        }
        var contacts = Files[ExportFiles.Contact];
        foreach (var row in contacts.Records) Person(row[contacts.Column("Email")], row[contacts.Column("Id")]);
        var leads = Files[ExportFiles.Lead];
        foreach (var row in leads.Records.Where(r => r[leads.Column("IsConverted")] == "false")) Person(row[leads.Column("Email")], row[leads.Column("Id")]);

        Assert.HasCount(byVisitor.Count, truthVisitors);
        int identified = 0, unknownOnly = 0, neverIdentified = 0, anonymousFirst = 0, decoyFirst = 0;
        foreach (var (visitor, list) in byVisitor)
        {
            var identifies = list.Where(e => e.Type == WebEventType.Identify).ToList();
            var match = identifies.FirstOrDefault(e => people.ContainsKey(e.EmailHash!));
            string? expected = null;
            if (match is not null)
            {
                Assert.HasCount(1, people[match.EmailHash!], "an identify matches exactly one person");
                expected = people[match.EmailHash!][0];
                identified++;
                if (list[0].Timestamp < match.Timestamp - ThirtyMinutes) anonymousFirst++;
                if (identifies[0] != match) decoyFirst++;
            }
            else if (identifies.Count > 0) unknownOnly++;
            else neverIdentified++;
            Assert.AreEqual(expected, truthVisitors[visitor], visitor);
        }
        Assert.IsGreaterThan(1_000, identified);
        Assert.IsGreaterThan(500, unknownOnly);
        Assert.IsGreaterThan(5_000, neverIdentified);
        Assert.IsGreaterThan(identified / 3, anonymousFirst, "most people browse anonymously before they identify");
        Assert.IsGreaterThan(10, decoyFirst, "some visitors first identify with an address the CRM does not know");
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void TheSessionsRecomputedFromTheEventsAreTheTruth(bool ignoreUtmCase)
    {
        var recomputed = Sessions(ignoreUtmCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        Assert.HasCount(truthSessions.Count, recomputed);
        for (var i = 0; i < recomputed.Count; i++)
        {
            var (landing, pages, _) = recomputed[i];
            var truth = truthSessions[i];
            Assert.AreEqual((truth.VisitorId, truth.StartTimestamp, truth.PageViews), (landing.VisitorId, landing.Timestamp, pages), $"session {i}");
        }
        // The deliberate splits: a new UTM triple inside 30 minutes.
        Assert.IsGreaterThan(500, recomputed.Count(s => s.Gap <= ThirtyMinutes));
        Assert.IsTrue(recomputed.Where(s => s.Gap > ThirtyMinutes).All(s => s.Gap > 2 * ThirtyMinutes), "between sessions, well over 30 minutes");
        // The tagged link clicked again inside its session: UTM, but the same triple, so no new session.
        var landings = recomputed.Select(s => s.Landing.EventId).ToHashSet();
        Assert.IsGreaterThan(50, events.Count(e => e.Type == WebEventType.Page && e.UtmSource is not null && !landings.Contains(e.EventId)));
    }

    [TestMethod]
    public void EachSessionsLandingGivesItsTruthChannelUnderTheDefaultRules()
    {
        var recomputed = Sessions(StringComparer.Ordinal);
        Assert.HasCount(truthSessions.Count, recomputed);
        for (var i = 0; i < recomputed.Count; i++)
            Assert.AreEqual(truthSessions[i].Channel, DefaultChannelRules.Classify(recomputed[i].Landing), recomputed[i].Landing.Url);
        var channels = truthSessions.CountBy(s => s.Channel).ToDictionary();
        foreach (var key in new[] { "paid_search", "organic_search", "paid_social", "social", "email", "referral", "direct" })
            Assert.IsGreaterThan(500, channels.GetValueOrDefault(key), key);
    }

    [TestMethod]
    public void EachSessionsUtmCampaignResolvesToItsTruthCampaign()
    {
        var campaigns = Files[ExportFiles.Campaign];
        var ids = campaigns.Values("Id").ToHashSet(StringComparer.Ordinal);
        var byName = campaigns.Records.GroupBy(r => r[campaigns.Column("Name")], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(r => r[campaigns.Column("Id")]).ToList(), StringComparer.Ordinal);
        var recomputed = Sessions(StringComparer.Ordinal);
        int named = 0, byId = 0, unknown = 0;
        for (var i = 0; i < recomputed.Count; i++)
        {
            var utm = recomputed[i].Landing.UtmCampaign;
            var truth = truthSessions[i];
            Assert.AreEqual(truth.UtmCampaign, utm);
            string? resolved = null;
            if (utm is not null && ids.Contains(utm)) { resolved = utm; byId++; }
            else if (utm is not null && byName.TryGetValue(utm, out var named1)) { Assert.HasCount(1, named1, utm); resolved = named1[0]; named++; }
            else if (utm is not null) unknown++;
            Assert.AreEqual(resolved, truth.SalesforceCampaignId, utm);
            Assert.AreEqual(resolved ?? "WEB_" + truth.Channel.ToUpperInvariant(), truth.CampaignId);
        }
        Assert.IsGreaterThan(300, named);
        Assert.IsGreaterThan(300, byId);
        Assert.IsGreaterThan(300, unknown);
    }

    [TestMethod]
    public void PeopleReadPagesBeforeTheirAccountsOpportunitiesWereCreated()
    {
        var contacts = Files[ExportFiles.Contact];
        var accountOf = contacts.Records.ToDictionary(r => r[contacts.Column("Id")], r => r[contacts.Column("AccountId")]);
        var opportunities = Files[ExportFiles.Opportunity];
        var created = opportunities.Records.ToLookup(r => r[opportunities.Column("AccountId")],
            r => DateTimeOffset.Parse(r[opportunities.Column("CreatedDate")], CultureInfo.InvariantCulture).ToUnixTimeMilliseconds());
        var before = 0;
        foreach (var (visitor, record) in truthVisitors)
        {
            if (record is null || !accountOf.TryGetValue(record, out var account)) continue;
            var opened = created[account].ToList();
            before += byVisitor[visitor].Count(e => e.Type == WebEventType.Page && opened.Any(o => e.Timestamp < o && e.Timestamp > o - 90L * 86_400_000));
        }
        Assert.IsGreaterThan(2_000, before);
    }

    [TestMethod]
    public void TheGenerateVerbWritesWebActivityOnlyWhenAsked()
    {
        var with = Path.Combine(folder, "verb-web");
        var output = new StringWriter();
        var error = new StringWriter();
        var code = new BfwConsole(new WarehouseSettings(), output, error).Run(["generate", "acme", "--size", "s", "--seed", "3", "--out", with, "--web"]);
        Assert.AreEqual(0, code, error.ToString());
        StringAssert.Contains(output.ToString(), "web activity on");
        StringAssert.Contains(output.ToString(), $"bfw events import acme {Path.Combine(with, "web")}");
        Assert.IsNotEmpty(Directory.GetFiles(Path.Combine(with, "web"), "*.closed"));
        Assert.IsTrue(File.Exists(Path.Combine(with, "web-truth", "sessions.csv")));
        Assert.IsNull(TenantDataGenerator.Generate(new GenerationOptions(GeneratorSize.S, 3, Path.Combine(folder, "verb-plain"))).Web);
        Assert.IsFalse(Directory.Exists(Path.Combine(folder, "verb-plain", "web")));
    }

    /// <summary>
    /// The session rule of the shared definition, on every visitor's events ordered by (event_ts, event_id):
    /// a page view starts a session when it is the visitor's first, comes more than 30 minutes after
    /// the visitor's previous event (identify events included), or carries UTM parameters whose
    /// triple differs from the session's landing page's. Gap: from the previous event (long.MaxValue for the first).
    /// </summary>
    static List<(WebEvent Landing, int Pages, long Gap)> Sessions(StringComparer utm)
    {
        var sessions = new List<(WebEvent Landing, int Pages, long Gap)>();
        foreach (var list in byVisitor.Values.OrderBy(l => VisitorOrder(l[0].VisitorId)))
        {
            WebEvent? previous = null;
            foreach (var e in list)
            {
                if (e.Type == WebEventType.Page)
                {
                    var gap = previous is null ? long.MaxValue : e.Timestamp - previous.Timestamp;
                    var tagged = e.UtmSource is not null || e.UtmMedium is not null || e.UtmCampaign is not null;
                    var current = sessions.Count > 0 && previous is not null ? sessions[^1].Landing : null;
                    if (current is null || gap > ThirtyMinutes || (tagged && !(utm.Equals(current.UtmSource, e.UtmSource)
                            && utm.Equals(current.UtmMedium, e.UtmMedium) && utm.Equals(current.UtmCampaign, e.UtmCampaign))))
                        sessions.Add((e, 1, gap));
                    else sessions[^1] = (sessions[^1].Landing, sessions[^1].Pages + 1, sessions[^1].Gap);
                }
                previous = e;
            }
        }
        return sessions;
    }

    static Dictionary<string, int>? visitorOrder;

    /// <summary>The truth lists sessions by visitor in visitors.csv order, then by start.</summary>
    static int VisitorOrder(string visitor)
    {
        visitorOrder ??= truthVisitors.Keys.Select((v, i) => (v, i)).ToDictionary(x => x.v, x => x.i);
        return visitorOrder[visitor];
    }
}
