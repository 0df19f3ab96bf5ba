using System.Globalization;
using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;
using Dapper;
using MySql.Data.MySqlClient;
using static BrightFunnel.Warehouse.Tests.CanonicalRows;

namespace BrightFunnel.Warehouse.Tests.Impala;

/// <summary>
/// The web step's SQL on the local engine over TCP, against the shared definitions
/// (docs/web-activity.md, "Sessions, channels and web touches"): sessions split by a 30-minute gap
/// and by new UTM parameters, identification that reaches back to earlier anonymous sessions, every
/// default channel rule, and which identified sessions become web touches. Expected values are
/// written from the definitions, one visitor per case.
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class WebStepTests
{
    static readonly DateTimeOffset Day = new(2024, 3, 4, 9, 0, 0, TimeSpan.Zero);
    TestTenant tenant = null!;
    TestEngine engine = null!;
    long run;

    [TestInitialize]
    public void Setup()
    {
        tenant = new TestTenant();
        engine = TestEngine.Start();
    }

    [TestCleanup]
    public async Task Cleanup()
    {
        await engine.DisposeAsync();
        tenant.Dispose();
    }

    string Database => $"bfw_{tenant.Id.Value}";

    /// <summary>A contact with an email (cn_people, cn_person_records and raw_contact, where the hashes come from).</summary>
    public static void Contact(MySqlConnection c, string person, string account, string created, string email)
    {
        Person(c, person, account, created);
        c.Execute("INSERT INTO cn_person_records (record_id, person_id, record_type) VALUES (@id, @id, 'contact')", new { id = Id("003", person) });
        c.Execute("INSERT INTO raw_contact (Id, Email) VALUES (@id, @email)", new { id = Id("003", person), email });
    }

    void Settings(TenantConfig config)
    {
        using var c = tenant.Open();
        TenantSettingsWriter.Write(c, new TenantConfigVersion(1, config, DateTime.UtcNow, "test"));
    }

    WebReport? Web(string timeZone = "UTC") =>
        new WebActivityOffload(tenant.ConnectionString, engine.OffloadSettings(), EngineScripts.Web(tenant.Settings.SqlRoot))
            .RunAsync(tenant.Id, ++run, timeZone).GetAwaiter().GetResult();

    IReadOnlyList<object?[]> Query(string sql)
    {
        var session = engine.OpenSessionAsync().GetAwaiter().GetResult();
        try { return session.QueryAsync(sql).GetAwaiter().GetResult().Rows; }
        finally { session.DisposeAsync().AsTask().GetAwaiter().GetResult(); }
    }

    sealed record Session(string Id, string Visitor, string? Person, long StartTs, long StartDay, long PageViews, string Channel, string? Campaign,
        bool IsTouch, string TouchCampaign);

    IReadOnlyList<Session> Sessions() =>
        Query($"SELECT session_id, visitor_id, person_id, start_ts, start_day, page_views, channel, campaign_id, is_touch, touch_campaign_id FROM {Database}.web_sessions ORDER BY session_id")
            .Select(r => new Session((string)r[0]!, (string)r[1]!, r[2] as string, L(r[3]), L(r[4]), L(r[5]), (string)r[6]!, r[7] as string,
                L(r[8]) == 1, (string)r[9]!)).ToList();

    static long L(object? v) => Convert.ToInt64(v, CultureInfo.InvariantCulture);

    static long ToDays(DateOnly d) => d.DayNumber - new DateOnly(1, 1, 1).DayNumber + 366; // MySQL TO_DAYS

    [TestMethod]
    public void WithoutALakeTableTheStepHasNothingToDo()
    {
        Settings(new TenantConfig());
        Assert.IsNull(Web());
    }

    [TestMethod]
    public void SessionsSplitOnA30MinuteGapAndOnNewUtmParameters()
    {
        Settings(new TenantConfig());
        var gap = new Visitor("gap", Day).Page(0).Page(29).Page(59) // 30 minutes exactly is no gap: one session of 3
            .Page(89.5)                                                 // 30.5 minutes: a new session
            .Identify(110, "gap@x.com").Page(130);                      // an identify event keeps the visitor active: 20 + 20 minutes
        var utm = new Visitor("utm", Day)
            .Page(0, source: "google", medium: "cpc", campaign: "spring")    // session 1
            .Page(5, source: "google", medium: "cpc", campaign: "spring")    // the same triple: same session
            .Page(6)                                                          // no UTM: same session
            .Page(7, source: "news", medium: "email", campaign: "spring")     // another triple: session 2
            .Page(8, source: "news", medium: "email", campaign: "spring")     // same: session 2
            .Page(60)                                                         // gap, no UTM: session 3
            .Page(61, source: "news", medium: "email", campaign: "spring");   // a UTM after a session without any: session 4
        var early = new Visitor("early", Day).Identify(-5, "nobody@x.com").Page(0); // an identify before any page starts nothing
        WebLake.WriteAsync(engine, tenant.Id, [.. gap.Events, .. utm.Events, .. early.Events]).GetAwaiter().GetResult();

        var report = Web();

        Assert.IsNotNull(report);
        var sessions = Sessions();
        CollectionAssert.AreEqual(new long[] { 3, 2 }, sessions.Where(s => s.Visitor == "gap").Select(s => s.PageViews).ToArray());
        CollectionAssert.AreEqual(new long[] { 3, 2, 1, 1 }, sessions.Where(s => s.Visitor == "utm").Select(s => s.PageViews).ToArray());
        CollectionAssert.AreEqual(new[] { "paid_search", "email", "direct", "email" }, sessions.Where(s => s.Visitor == "utm").Select(s => s.Channel).ToArray());
        Assert.AreEqual(1, sessions.Count(s => s.Visitor == "early"));
        Assert.AreEqual(7, report.Sessions);
        // Ids: 'WS' + the start day + the rank within the day, ordered by start, the same for the same events.
        Assert.IsTrue(sessions.All(s => s.Id.Length == 18 && s.Id.StartsWith("WS", StringComparison.Ordinal)));
        var first = sessions.Select(s => s.Id).ToList();
        Web();
        CollectionAssert.AreEqual(first, Sessions().Select(s => s.Id).ToList(), "a second run gives the same ids");
    }

    [TestMethod]
    public void EveryDefaultChannelRule()
    {
        Settings(new TenantConfig());
        var cases = new (string Visitor, string Channel, Func<Visitor, Visitor> Land)[]
        {
            ("ps1", "paid_social", v => v.Page(0, medium: "paid_social", source: "whatever")),
            ("ps2", "paid_social", v => v.Page(0, medium: " CPC ", source: "LinkedIn")),
            ("pse1", "paid_search", v => v.Page(0, medium: "sem", source: "bing")),
            ("pse2", "paid_search", v => v.Page(0, medium: "ppc", source: "google")),
            ("em1", "email", v => v.Page(0, medium: "e-mail")),
            ("em2", "email", v => v.Page(0, medium: "Newsletter", source: "facebook")),
            ("so1", "social", v => v.Page(0, medium: "social-media")),
            ("so2", "social", v => v.Page(0, source: "x")),
            ("or1", "organic_search", v => v.Page(0, referrerHost: "www.google.co.uk")),
            ("or2", "organic_search", v => v.Page(0, referrerHost: "duckduckgo.com")),
            ("or3", "organic_search", v => v.Page(0, referrerHost: "yandex.ru")),
            ("so3", "social", v => v.Page(0, referrerHost: "t.co")),
            ("so4", "social", v => v.Page(0, referrerHost: "lnkd.in")),
            ("re1", "referral", v => v.Page(0, source: "partner")),
            ("re2", "referral", v => v.Page(0, referrerHost: "blog.example.org")),
            ("or4", "organic_search", v => v.Page(0, referrerHost: "google.de")),
            ("di1", "direct", v => v.Page(0)),
            ("di2", "direct", v => v.Page(0, referrerHost: "www.acme.com")),
            ("di3", "direct", v => v.Page(0, medium: "display")),                      // a medium no rule names, no source, no referrer
            ("la1", "organic_search", v => v.Page(0, referrerHost: "bing.com").Page(1, referrerHost: "facebook.com")), // the landing page decides
        };
        WebLake.WriteAsync(engine, tenant.Id, cases.SelectMany(c => c.Land(new Visitor(c.Visitor, Day)).Events)).GetAwaiter().GetResult();

        Web();

        var channels = Sessions().ToDictionary(s => s.Visitor, s => s.Channel);
        foreach (var c in cases)
            Assert.AreEqual(c.Channel, channels[c.Visitor], c.Visitor);
    }

    [TestMethod]
    public void AVisitorBecomesThePersonOfItsEarliestMatchingIdentifyAndItsEarlierSessionsCount()
    {
        using (var c = tenant.Open())
        {
            Contact(c, "1", "A", "2024-01-01", "Ann@Acme.com");
            Contact(c, "2", "A", "2024-01-01", "bob@acme.com");
            c.Execute("INSERT INTO cn_campaigns (campaign_id, name, channel) VALUES (@id, 'Spring launch', 'Webinar')", new { id = Id("701", "9") });
        }
        Settings(new TenantConfig());
        var ann = new Visitor("ann", Day)
            .Page(0, referrerHost: "www.google.com")              // anonymous, organic: her first session → a touch
            .Page(120)                                            // direct, not a touch
            .Page(240, source: "g", medium: "cpc")                // paid search → a touch
            .Page(360, source: "n", medium: "email", campaign: "Spring launch") // a utm_campaign naming a Salesforce campaign → a touch
            .Page(480)
            .Identify(481, "nobody@nowhere.com")                  // matches no one
            .Identify(482, " ANN@acme.com ")                      // the earliest matching identify: Ann
            .Identify(483, "bob@acme.com");                       // later: ignored
        var anon = new Visitor("anon", Day).Page(0, source: "g", medium: "cpc");
        WebLake.WriteAsync(engine, tenant.Id, [.. ann.Events, .. anon.Events]).GetAwaiter().GetResult();

        var report = Web()!;

        var sessions = Sessions();
        var annId = Id("003", "1");
        var hers = sessions.Where(s => s.Visitor == "ann").ToList();
        Assert.HasCount(5, hers);
        Assert.IsTrue(hers.All(s => s.Person == annId), "every session of the visitor, the earlier anonymous ones too");
        CollectionAssert.AreEqual(new[] { true, false, true, true, false }, hers.Select(s => s.IsTouch).ToArray());
        CollectionAssert.AreEqual(new[] { "WEB_ORGANIC_SEARCH", "WEB_DIRECT", "WEB_PAID_SEARCH", Id("701", "9"), "WEB_DIRECT" },
            hers.Select(s => s.TouchCampaign).ToArray());
        Assert.AreEqual(Id("701", "9"), hers[3].Campaign);
        Assert.IsNull(sessions.Single(s => s.Visitor == "anon").Person);
        Assert.IsFalse(sessions.Single(s => s.Visitor == "anon").IsTouch, "an anonymous paid session is no touch");
        Assert.AreEqual(ToDays(new DateOnly(2024, 3, 4)), hers[0].StartDay);
        Assert.AreEqual((6, 5, 3), (report.Sessions, report.Identified, report.Touches));

        var touches = Query($"SELECT touch_id, campaign_id, person_id, touch_day FROM {Database}.web_touches ORDER BY touch_id");
        CollectionAssert.AreEqual(hers.Where(s => s.IsTouch).Select(s => s.Id).ToList(), touches.Select(t => (string)t[0]!).ToList());

        // all_sessions: every identified session is a touch.
        Settings(new TenantConfig { WebTouchRule = "all_sessions" });
        Web();
        CollectionAssert.AreEqual(new[] { true, true, true, true, true }, Sessions().Where(s => s.Visitor == "ann").Select(s => s.IsTouch).ToArray());
    }

    [TestMethod]
    public void TheStartDayIsInTheTenantsTimeZone()
    {
        Settings(new TenantConfig { TimeZone = "America/New_York" });
        // 03:30 UTC on 4 March is 22:30 on 3 March in New York (UTC-5); 10 July 03:30 UTC is 23:30 on 9 July (UTC-4, summer time).
        var v = new Visitor("tz", new DateTimeOffset(2024, 3, 4, 3, 30, 0, TimeSpan.Zero)).Page(0).Page(128 * 24 * 60);
        WebLake.WriteAsync(engine, tenant.Id, v.Events).GetAwaiter().GetResult();

        Web("America/New_York");

        CollectionAssert.AreEqual(new[] { ToDays(new DateOnly(2024, 3, 3)), ToDays(new DateOnly(2024, 7, 9)) },
            Sessions().Select(s => s.StartDay).ToArray());
    }

    [TestMethod]
    public void ChannelWeeksAreFetchedIntoMySqlAndThePreviousRunsTablesDropped()
    {
        Settings(new TenantConfig());
        var v = new Visitor("w", Day).Page(0).Page(1).Page(120, referrerHost: "bing.com");
        WebLake.WriteAsync(engine, tenant.Id, v.Events).GetAwaiter().GetResult();

        Web();
        Web();

        using var c = tenant.Open();
        var weeks = c.Query<(string channel, DateTime week, long sessions, long identified, long views)>(
            "SELECT channel, week_start, sessions, identified_visitors, page_views FROM an_web_channel_weeks ORDER BY channel").ToList();
        CollectionAssert.AreEqual(new[] { ("Direct", new DateTime(2024, 3, 4), 1L, 0L, 2L), ("Organic search", new DateTime(2024, 3, 4), 1L, 0L, 1L) }, weeks);
        Assert.AreEqual(run, WebBuildInfo.Read(c)!.RunId);
        var tables = Query($"SHOW TABLES IN {Database}").Select(r => (string)r[0]!).Where(t => t.StartsWith("web_", StringComparison.Ordinal)).Order().ToList();
        CollectionAssert.AreEqual(new[] { "web_account_weeks", $"web_account_weeks_r{run}", "web_events", "web_sessions", $"web_sessions_r{run}", "web_touches", $"web_touches_r{run}" }, tables);
    }

    [TestMethod]
    public void TopPagesCountEachViewOncePerLaterOpportunityOfThePersonsAccount()
    {
        using (var c = tenant.Open())
        {
            Contact(c, "1", "A", "2024-01-01", "ann@acme.com");
            Contact(c, "2", "A", "2024-01-01", "bob@acme.com");
            Contact(c, "3", "B", "2024-01-01", "cat@beta.com");
            Account(c, "A");
            Account(c, "B");
            Opportunity(c, "1", "A", 100, "2024-03-06", null, false); // after 4 and 5 March
            Opportunity(c, "2", "A", 100, "2024-03-09", null, false); // after every view of A
            Opportunity(c, "3", "B", 100, "2024-03-04", null, false); // the day of Cat's view: not before it
        }
        Settings(new TenantConfig());
        var ann = new Visitor("ann", Day).Identify(0, "ann@acme.com").Page(1, "/pricing").Page(2, "/pricing") // 4 March
            .Page(24 * 60 + 1, "/docs");                                                                           // 5 March
        var bob = new Visitor("bob", Day).Identify(0, "bob@acme.com").Page(3 * 24 * 60, "/pricing");               // 7 March
        var cat = new Visitor("cat", Day).Identify(0, "cat@beta.com").Page(1, "/pricing");                         // 4 March
        var anon = new Visitor("anon", Day).Page(1, "/pricing");                                                    // nobody's
        WebLake.WriteAsync(engine, tenant.Id, [.. ann.Events, .. bob.Events, .. cat.Events, .. anon.Events]).GetAwaiter().GetResult();

        Web();

        using var db = tenant.Open();
        var pages = db.Query<(string path, long views, long people, long opportunities)>(
            "SELECT path, `views`, people, opportunities FROM an_web_top_pages ORDER BY `views` DESC, path").ToList();
        // /pricing: Ann's 2 views × 2 later opportunities + Bob's 1 × 1 (only opportunity 2 is after 7 March); Cat's
        // view is on opportunity 3's created day, so it counts for none. /docs: Ann's view × 2.
        CollectionAssert.AreEqual(new[] { ("/pricing", 5L, 2L, 2L), ("/docs", 2L, 1L, 2L) }, pages);
    }
}
