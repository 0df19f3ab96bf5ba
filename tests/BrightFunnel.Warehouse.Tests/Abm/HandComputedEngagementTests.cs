using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Abm;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Engines.MySql;
using BrightFunnel.Warehouse.Tests.Impala;
using BrightFunnel.Warehouse.Orchestrator.Filters;
using BrightFunnel.Warehouse.Web.Data;
using Dapper;
using MySql.Data.MySqlClient;
using static BrightFunnel.Warehouse.Tests.CanonicalRows;

namespace BrightFunnel.Warehouse.Tests.Abm;

/// <summary>
/// Weekly engagement, scores, spikes and target account lists on a tenant small enough to compute
/// by hand (docs/abm.md). Weights: defaults with Webinar = 4 (campaign_touch 2); decay 0.5 over a
/// 4-week window; spike: k = 2 over the 8 weeks before, score at least 5.
/// Account A1 (Tier 1, website shop.a1.co.uk): P1 Email on 2026-03-03 (week 03-02: 2 points), then
/// in week 03-30 P1 and P2 Webinar, P3 Email (4 + 4 + 2 = 10 points), and an opportunity of 1,000
/// opened 2026-04-08 (scores nothing by default). A2 (website https://www.a2corp.com/home): Q1
/// Email on 2026-05-04, the tenant's last week with points.
/// Each case runs on both engines: the stored procedures, and the local Impala engine over TCP.
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class HandComputedEngagementTests
{
    static readonly string A1 = Id("001", "A1"), A2 = Id("001", "A2");
    const string HostileName = "Web\tinar \\ day\ntwo\\";
    TestTenant tenant = null!;
    TestEngine? engine;
    string listFile = null!;

    [TestInitialize]
    public void Setup()
    {
        tenant = new TestTenant();
        using var c = tenant.Open();
        TenantSettingsWriter.Write(c, new TenantConfigVersion(1, new TenantConfig { EngagementWeights = ["Webinar=4"] }, DateTime.UtcNow, "test"));
        Account(c, "A1", tier: "Tier 1");
        Account(c, "A2", tier: "Tier 3");
        c.Execute("UPDATE cn_accounts SET website = 'shop.a1.co.uk' WHERE account_id = @A1; UPDATE cn_accounts SET website = 'https://www.a2corp.com/home' WHERE account_id = @A2", new { A1, A2 });
        Campaign(c, "C1", "Email", 100);
        Campaign(c, "C2", "Webinar", 100);
        foreach (var p in new[] { "P1", "P2", "P3" }) Person(c, p, "A1", "2025-01-01");
        Person(c, "Q1", "A2", "2025-01-01");
        Touch(c, "T1", "C1", "P1", "2026-03-03");
        Touch(c, "T2", "C2", "P1", "2026-03-31");
        Touch(c, "T3", "C2", "P2", "2026-04-01");
        Touch(c, "T4", "C1", "P3", "2026-04-02");
        Touch(c, "T5", "C1", "Q1", "2026-05-04");
        Opportunity(c, "O1", "A1", 1000m, "2026-04-08", null, won: false);
        c.Execute("CALL at_build_person_accounts()");
        c.Execute("RENAME TABLE at_person_accounts TO at_person_accounts_old, at_person_accounts_next TO at_person_accounts");
        c.Execute("DROP TABLE at_person_accounts_old");
        listFile = Path.Combine(Path.GetTempPath(), $"bfw-abm-{Guid.NewGuid():N}.csv");
        File.WriteAllLines(listFile, ["account_id", A2[..15], "a2corp.com", "https://www.a1.co.uk", "unknown-target.example", ""]);
    }

    [TestCleanup]
    public async Task Cleanup()
    {
        if (engine is not null) await engine.DisposeAsync();
        tenant.Dispose();
        File.Delete(listFile);
    }

    IReadOnlyList<TargetList> Lists() =>
    [
        new("Tier 1", """{"field": "account.tier", "op": "eq", "value": "Tier 1"}""", null, []),
        new("Upload", null, "targets.csv", TargetListFile.Read(listFile)),
    ];

    void Engage(MySqlConnection c, long run, bool onCluster)
    {
        TargetListEvaluation.Write(c, Lists(), RelativeDates.ForTenant(new DateTime(2026, 5, 10), "UTC", 1));
        IEngagementWork work = new MySqlEngagementWork();
        if (onCluster)
        {
            // As in a cycle: the attribute step publishes the touches, people and person accounts the engage step reduces.
            var impala = (engine ??= TestEngine.Start()).OffloadSettings();
            new ImpalaAttributionEngine(tenant.Id, run, tenant.ConnectionString, impala, tenant.Settings.SqlRoot).Offload();
            work = new ImpalaEngagementWork(tenant.Id, tenant.ConnectionString, impala, EngineScripts.Engage(tenant.Settings.SqlRoot));
        }
        EngageStep.Engage(c, tenant.ConnectionString, work, run, new DateOnly(2026, 5, 10), CancellationToken.None);
    }

    [TestMethod]
    [DataRow(false, DisplayName = "stored procedures")]
    [DataRow(true, DisplayName = "cluster")]
    public void ScoresDecayOverTheWindowAndTheBurstWeekIsTheOnlySpike(bool onCluster)
    {
        using var c = tenant.Open();
        Engage(c, 7, onCluster);
        var weeks = c.Query<(string Account, DateTime Week, double Points, double Score, long People, long Touches, long Opps, decimal Pipeline, bool Spike)>(
            "SELECT account_id, week_start, points, score, people_engaged, campaign_touches, opps_opened, pipeline_opened, is_spike FROM an_target_account_weeks ORDER BY account_id, week_start").ToList();
        var a1 = weeks.Where(w => w.Account == A1).ToList();
        CollectionAssert.AreEqual(new[] { "03-02", "03-09", "03-16", "03-23", "03-30", "04-06", "04-13", "04-20" }, a1.Select(w => w.Week.ToString("MM-dd")).ToArray());
        CollectionAssert.AreEqual(new[] { 2, 1, 0.5, 0.25, 10, 5, 2.5, 1.25 }, a1.Select(w => w.Score).ToArray());
        CollectionAssert.AreEqual(new double[] { 2, 0, 0, 0, 10, 0, 0, 0 }, a1.Select(w => w.Points).ToArray());
        var burst = a1[4];
        Assert.AreEqual((3L, 3L, 0L), (burst.People, burst.Touches, burst.Opps));
        Assert.AreEqual((1L, 1000m), (a1[5].Opps, a1[5].Pipeline), "the opportunity is measured in its week");
        CollectionAssert.AreEqual(new[] { false, false, false, false, true, false, false, false }, a1.Select(w => w.Spike).ToArray());
        Assert.AreEqual((A2, new DateTime(2026, 5, 4), 2.0, false), weeks.Where(w => w.Account == A2).Select(w => (w.Account, w.Week, w.Score, w.Spike)).Single(),
            "a first touch after silence scores under spike_min_score");

        // Trailing 8 weeks before 03-30: 2, 1, 0.5, 0.25 and four weeks without a row.
        var (mean, sd) = c.QuerySingle<(double, double)>("SELECT trailing_mean, trailing_sd FROM an_target_account_weeks WHERE account_id = @A1 AND week_start = '2026-03-30'", new { A1 });
        Assert.AreEqual(3.75 / 8, mean, 1e-12);
        Assert.AreEqual(Math.Sqrt(5.3125 / 8 - Math.Pow(3.75 / 8, 2)), sd, 1e-12);

        var spike = c.QuerySingle<(string, DateTime, double, long, string)>("SELECT account_id, week_start, score, people, top_channel FROM an_account_spikes");
        Assert.AreEqual((A1, new DateTime(2026, 3, 30), 10.0, 3L, "Webinar"), spike);
        var causes = c.Query<(string Kind, string Cause, double Points)>("SELECT cause_kind, cause, points FROM an_account_spike_causes ORDER BY cause_kind, cause").ToList();
        CollectionAssert.AreEqual(new[] { ("channel", "Email", 2.0), ("channel", "Webinar", 8.0), ("person", Id("003", "P1"), 4.0), ("person", Id("003", "P2"), 4.0), ("person", Id("003", "P3"), 2.0) }, causes);

        var channels = c.Query<(string Channel, long Events, double Points)>(
            "SELECT channel, events, points FROM an_account_week_channels WHERE account_id = @A1 AND week_start = '2026-03-30' ORDER BY channel", new { A1 }).ToList();
        CollectionAssert.AreEqual(new[] { ("Email", 1L, 2.0), ("Webinar", 2L, 8.0) }, channels);
    }

    [TestMethod]
    [DataRow(false, DisplayName = "stored procedures")]
    [DataRow(true, DisplayName = "cluster")]
    public void WebSessionsOfTheWebStepScoreInTheirAccountsWeek(bool onCluster)
    {
        using var c = tenant.Open();
        // P1's email, so the web step identifies the visitor; two sessions (3 hours apart) of 2 and 1 page views on Tuesday 21 April.
        c.Execute("INSERT INTO cn_person_records (record_id, person_id, record_type) VALUES (@id, @id, 'contact')", new { id = Id("003", "P1") });
        c.Execute("INSERT INTO raw_contact (Id, Email) VALUES (@id, 'p1@a1.example')", new { id = Id("003", "P1") });
        var visitor = new Visitor("v1", new DateTimeOffset(2026, 4, 21, 9, 0, 0, TimeSpan.Zero))
            .Identify(0, "p1@a1.example").Page(1).Page(2, "/pricing").Page(180);
        engine ??= TestEngine.Start();
        WebLake.WriteAsync(engine, tenant.Id, visitor.Events).GetAwaiter().GetResult();
        Assert.IsNotNull(new WebActivityOffload(tenant.ConnectionString, engine.OffloadSettings(), EngineScripts.Web(tenant.Settings.SqlRoot))
            .RunAsync(tenant.Id, 6, "UTC").GetAwaiter().GetResult());

        Engage(c, 7, onCluster);

        // web_session = 1 and page_view = 0.25 (defaults): 1 × 2 + 0.25 × 3; the score adds 03-30's 10 decayed over 3 weeks.
        var week = c.QuerySingle<(long Sessions, long Views, long People, double Points, double Score)>(
            "SELECT web_sessions, page_views, people_engaged, points, score FROM an_target_account_weeks WHERE account_id = @A1 AND week_start = '2026-04-20'", new { A1 });
        Assert.AreEqual((2L, 3L, 1L, 2.75, 4.0), week);
    }

    [TestMethod]
    [DataRow(false, DisplayName = "stored procedures")]
    [DataRow(true, DisplayName = "cluster")]
    public void ListsFromARuleAndAFileHoldTheirAccountsReportUnmatchedEntriesAndKeepTheirHistory(bool onCluster)
    {
        using var c = tenant.Open();
        // Text the packed journey must escape: a tab, a newline and backslashes in a campaign's name and a person's email.
        c.Execute("UPDATE cn_campaigns SET name = @name WHERE campaign_id = @C2", new { C2 = Id("701", "C2"), name = HostileName });
        c.Execute("UPDATE cn_people SET email = 'p\\\\1@a1.co.uk' WHERE person_id = @P1", new { P1 = Id("003", "P1") });
        // A2's touch of 2025-12-01: its four weeks are more than 13 weeks before the tenant's last (2026-05-04).
        Touch(c, "T0", "C1", "Q1", "2025-12-01");
        Engage(c, 7, onCluster);
        var lists = c.Query<(string, long, long, long, string, string)>(
            "SELECT list_name, accounts, unmatched_entries, engaged_this_quarter, quarter_label, model FROM an_abm_lists ORDER BY list_name").ToList();
        CollectionAssert.AreEqual(new[] { ("Tier 1", 1L, 0L, 0L, "FY2026 Q2", "first_touch"), ("Upload", 2L, 1L, 1L, "FY2026 Q2", "first_touch") }, lists);

        var a1 = c.QuerySingle<(double Score, string Trend, bool Engaged, decimal Open, DateTime? Spike, double? SpikeScore)>(
            "SELECT score, trend, engaged_this_quarter, open_pipeline, latest_spike_week, latest_spike_score FROM an_target_accounts WHERE list_name = 'Tier 1'");
        Assert.AreEqual((0.0, "0.00,0.00,0.00,2.00,1.00,0.50,0.25,10.00,5.00,2.50,1.25,0.00,0.00", false, 1000m, (DateTime?)new DateTime(2026, 3, 30), (double?)10), a1, $"got {a1}");
        CollectionAssert.AreEqual(new[] { A1, A2 }, c.Query<string>("SELECT account_id FROM an_target_accounts WHERE list_name = 'Upload' ORDER BY account_id").ToArray());

        var unmatched = TargetListEvaluation.Evaluate(c, Lists(), RelativeDates.ForTenant(new DateTime(2026, 5, 10), "UTC", 1));
        Assert.AreEqual("5 domain unknown-target.example", string.Join("; ", unmatched.Single(e => e.List == "Upload").Unmatched.Select(e => $"{e.Line} {e.Kind} {e.Value}")));

        Assert.AreEqual(9L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM an_target_account_weeks"),
            "the weeks of listed accounts from 13 weeks before the last on: A1's eight and A2's one");
        Assert.AreEqual(onCluster ? 0L : 13L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM an_account_weeks"),
            "every account's weeks: in the tenant database on engine mysql, left on the cluster on engine impala");
        var journey = c.Query<(string Kind, string? Label)>("SELECT kind, label FROM an_account_journey WHERE account_id = @A1 ORDER BY event_date, kind_order, person_id, label_order, id", new { A1 }).ToList();
        CollectionAssert.AreEqual(new[] { "contact", "contact", "contact", "touch", "touch", "touch", "touch", "opportunity" }, journey.Select(j => j.Kind).ToArray());
        AssertPackedAsTheRows(c);

        Engage(c, 8, onCluster);
        var history = c.Query<(long Run, long Accounts)>("SELECT run_id, COUNT(*) FROM an_target_account_history GROUP BY run_id ORDER BY run_id").ToList();
        CollectionAssert.AreEqual(new[] { (7L, 3L), (8L, 3L) }, history, "each run's members are kept");
    }

    /// <summary>
    /// What publish copies for each listed account's page reads back as the rows the engines built, in
    /// their order: the whole journey, and every week, of which an_target_account_weeks keeps those
    /// from 13 weeks before the tenant's last week with points (2026-05-04) on.
    /// </summary>
    static void AssertPackedAsTheRows(MySqlConnection c)
    {
        var accounts = c.Query<string>("SELECT DISTINCT account_id FROM an_target_accounts ORDER BY account_id").ToList();
        Assert.IsTrue(accounts.Count > 0);
        foreach (var account in accounts)
        {
            var p = new { account };
            var weeks = c.Query<AccountWeekRow>("""
                SELECT week_start AS WeekStart, people_engaged AS PeopleEngaged, campaign_touches AS CampaignTouches, web_sessions AS WebSessions,
                       page_views AS PageViews, new_leads AS NewLeads, new_contacts AS NewContacts, opps_opened AS OppsOpened,
                       pipeline_opened AS PipelineOpened, points AS Points, score AS Score, trailing_mean AS TrailingMean,
                       trailing_sd AS TrailingSd, is_spike AS IsSpike
                FROM an_target_account_weeks WHERE account_id = @account ORDER BY week_start
                """, p).ToList();
            var journey = c.Query<JourneyRow>("""
                SELECT ROW_NUMBER() OVER (ORDER BY event_date, kind_order, person_id, label_order, id) AS Seq, event_date AS EventDate, kind AS Kind,
                       person_id AS PersonId, person_email AS PersonEmail, label AS Label, channel AS Channel, events AS Events, amount AS Amount
                FROM an_account_journey WHERE account_id = @account ORDER BY Seq
                """, p).ToList();
            var packed = c.QuerySingle<(string? Weeks, string? Journey)>("""
                SELECT (SELECT CONVERT(UNCOMPRESS(series) USING utf8mb4) FROM an_target_account_weeks_packed WHERE account_id = @account),
                       (SELECT CONVERT(UNCOMPRESS(journey) USING utf8mb4) FROM an_account_journey_packed WHERE account_id = @account)
                """, p);
            var packedWeeks = PackedAccountPages.Weeks(packed.Weeks, account);
            CollectionAssert.AreEqual(weeks, packedWeeks.Where(w => w.WeekStart >= new DateTime(2026, 2, 2)).ToList(), $"the recent weeks of {account}");
            CollectionAssert.AreEqual(account == A2 ? new[] { new DateTime(2025, 12, 1), new DateTime(2025, 12, 8), new DateTime(2025, 12, 15), new DateTime(2025, 12, 22) } : [],
                packedWeeks.Where(w => w.WeekStart < new DateTime(2026, 2, 2)).Select(w => w.WeekStart).ToArray(), $"the older weeks of {account}, packed only");
            CollectionAssert.AreEqual(journey, PackedAccountPages.Journey(packed.Journey, account), $"the journey of {account}");
        }
        Assert.IsTrue(c.Query<string?>("SELECT label FROM an_account_journey").Contains(HostileName), "the name to escape is in a journey");
    }

    [TestMethod]
    public void ARuleNamingAnOpportunityFieldAndAFileWithABadLineAreRefusedNamingWhere()
    {
        var rule = Assert.ThrowsExactly<BadInputException>(() => FilterCompiler.Compile(
            """{"field": "opportunity.stage", "op": "eq", "value": "Won"}""", RelativeDates.ForTenant(DateTime.UtcNow, "UTC", 1), accountsOnly: true));
        StringAssert.Contains(rule.Message, "'opportunity.stage' is not an account field");
        File.WriteAllLines(listFile, ["domain", "acme.com", "not a domain", A1]);
        var file = Assert.ThrowsExactly<BadInputException>(() => TargetListFile.Read(listFile));
        StringAssert.Contains(file.Message, $"{listFile}: 1 bad entry, nothing stored: line 3: 'not a domain'");
    }
}
