using BrightFunnel.Warehouse.Generation;
using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Filters;
using BrightFunnel.Warehouse.Orchestrator.Ingest;
using BrightFunnel.Warehouse.Orchestrator.Matching;
using BrightFunnel.Warehouse.Orchestrator.Reporting;
using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Engines.MySql;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Tests.Analytics;

/// <summary>
/// The analytics work tables on a generated size-S tenant: an_* composed from them equal what the
/// pre-refactor formulas computed straight from the pairs (at_credits, at_paths, at_unattributed;
/// written out below as they were), and the composition never reads the pairs.
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class AnalyticsWorkTablesTests
{
    static TestTenant tenant = null!;
    static string folder = "";
    static readonly RelativeDates RunDate = new(new DateOnly(2023, 6, 30), 1);
    static readonly DynamicFilter[] Filters =
    [
        new("Tier 1", """{"field": "account.tier", "op": "eq", "value": "Tier 1"}"""),
        new("Big", """{"field": "opportunity.amount", "op": "gt", "value": 50000}"""),
    ];

    [ClassInitialize]
    public static void Setup(TestContext _)
    {
        tenant = new TestTenant();
        folder = Directory.CreateTempSubdirectory("bfw-analytics-").FullName;
        TenantDataGenerator.Generate(new GenerationOptions(GeneratorSize.S, 5, folder));
        new ExportIngestor(tenant.ConnectionString, new TenantConfig { RevenueField = "ARR__c" }).IngestFolder(folder);
        using (var c = tenant.Open())
            TenantSettingsWriter.Write(c, new TenantConfigVersion(1, new TenantConfig { RevenueField = "ARR__c" }, DateTime.UtcNow, "test"));
        CanonicalizeStep.Build(tenant.ConnectionString);
        MatchStep.Match(tenant.ConnectionString);
        new MySqlAttributionEngine(tenant.ConnectionString).Attribute();
    }

    [ClassCleanup]
    public static void Cleanup()
    {
        tenant.Dispose();
        Directory.Delete(folder, true);
    }

    /// <summary>
    /// The MySQL work builder, then the pairs taken out of reach as they are for engine = impala:
    /// the composition fails if it reads at_paths, at_credits (a view over at_paths) or at_unattributed.
    /// </summary>
    sealed class PairsAwayAfterWork : IAnalyticsWorkBuilder
    {
        public void Build(MySqlConnection tenant, CancellationToken cancel)
        {
            new MySqlAnalyticsWork().Build(tenant, cancel);
            tenant.Execute("RENAME TABLE at_paths TO at_paths_away, at_unattributed TO at_unattributed_away");
        }
    }

    static void AggregateWithPairsAway()
    {
        try { AggregateStep.Aggregate(tenant.ConnectionString, Filters, RunDate, new PairsAwayAfterWork()); }
        finally
        {
            using var c = tenant.Open();
            if (c.ExecuteScalar<long>("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'at_paths_away'") > 0)
                c.Execute("RENAME TABLE at_paths_away TO at_paths, at_unattributed_away TO at_unattributed");
        }
    }

    // The pre-refactor formulas, over the scopes in place after the swap (an_filter_scopes).
    const string Grid = """
        grid AS (
          SELECT f.filter_name, st.stage, m.value AS model
          FROM (SELECT DISTINCT filter_name FROM an_filter_scopes UNION SELECT 'all') f
          CROSS JOIN (SELECT 'pipeline' AS stage UNION ALL SELECT 'revenue') st
          CROSS JOIN cfg_tenant_list m WHERE m.list_name = 'models')
        """;

    const string InfluencePairs = """
        influence AS (
          SELECT DISTINCT s.filter_name, p.stage, p.campaign_id, p.opportunity_id
          FROM at_paths p JOIN an_filter_scopes s ON s.opportunity_id = p.opportunity_id)
        """;

    const string ExpectedCampaigns = $"""
        WITH {Grid}, {InfluencePairs}
        SELECT b.filter_name, b.stage, b.model, c.campaign_id, c.name AS campaign_name, c.channel,
               COALESCE(cr.attributed, 0) AS attributed_amount, COALESCE(cr.opps, 0) AS attributed_opportunities,
               COALESCE(i.amount, 0) AS influenced_amount, COALESCE(i.opps, 0) AS influenced_opportunities,
               COALESCE(t.touches, 0) AS touches, c.cost,
               CASE WHEN b.filter_name = 'all' THEN COALESCE(cr.attributed, 0) / NULLIF(c.cost, 0) END AS roi
        FROM grid b CROSS JOIN cn_campaigns c
        LEFT JOIN (SELECT w.filter_name, w.stage, w.campaign_id, SUM(o.amount) AS amount, COUNT(*) AS opps
                   FROM influence w JOIN cn_opportunities o ON o.opportunity_id = w.opportunity_id
                   GROUP BY w.filter_name, w.stage, w.campaign_id) i
          ON i.filter_name = b.filter_name AND i.stage = b.stage AND i.campaign_id = c.campaign_id
        LEFT JOIN (SELECT s.filter_name, p.stage, p.campaign_id, COUNT(DISTINCT p.touch_id) AS touches
                   FROM at_paths p JOIN an_filter_scopes s ON s.opportunity_id = p.opportunity_id
                   GROUP BY s.filter_name, p.stage, p.campaign_id) t
          ON t.filter_name = b.filter_name AND t.stage = b.stage AND t.campaign_id = c.campaign_id
        LEFT JOIN (SELECT s.filter_name, cr.stage, cr.model, cr.campaign_id, SUM(cr.credit) AS attributed, SUM(cr.share) AS opps
                   FROM at_credits cr JOIN an_filter_scopes s ON s.opportunity_id = cr.opportunity_id
                   GROUP BY s.filter_name, cr.stage, cr.model, cr.campaign_id) cr
          ON cr.filter_name = b.filter_name AND cr.stage = b.stage AND cr.model = b.model AND cr.campaign_id = c.campaign_id
        UNION ALL
        SELECT b.filter_name, b.stage, b.model, '', '(unattributed)', '(unattributed)', COALESCE(u.amount, 0), COALESCE(u.opps, 0), 0, 0, 0, NULL, NULL
        FROM grid b
        LEFT JOIN (SELECT s.filter_name, u.stage, SUM(u.amount) AS amount, COUNT(*) AS opps
                   FROM at_unattributed u JOIN an_filter_scopes s ON s.opportunity_id = u.opportunity_id
                   GROUP BY s.filter_name, u.stage) u ON u.filter_name = b.filter_name AND u.stage = b.stage
        """;

    const string ActualCampaigns = """
        SELECT filter_name, stage, model, campaign_id, campaign_name, channel, attributed_amount, attributed_opportunities,
               influenced_amount, influenced_opportunities, touches, cost, roi
        FROM an_campaign
        """;

    // Channels: the campaigns (recomputed above, not read from an_campaign) rolled up, influence recounted per channel.
    static string ExpectedChannels => $"""
        WITH {Grid}, {InfluencePairs}
        SELECT a.filter_name, a.stage, a.model, a.channel, a.attributed_amount, a.attributed_opportunities,
               COALESCE(i.amount, 0) AS influenced_amount, COALESCE(i.opps, 0) AS influenced_opportunities, a.touches, a.cost,
               CASE WHEN a.filter_name = 'all' THEN a.attributed_amount / NULLIF(a.cost, 0) END AS roi
        FROM (SELECT e.filter_name, e.stage, e.model, e.channel,
                     SUM(e.attributed_amount) AS attributed_amount, SUM(e.attributed_opportunities) AS attributed_opportunities,
                     SUM(e.touches) AS touches, SUM(e.cost) AS cost
              FROM ({ExpectedCampaignsBody}) e
              GROUP BY e.filter_name, e.stage, e.model, e.channel) a
        LEFT JOIN (SELECT d.filter_name, d.stage, d.channel, SUM(o.amount) AS amount, COUNT(*) AS opps
                   FROM (SELECT DISTINCT w.filter_name, w.stage, c.channel, w.opportunity_id
                         FROM influence w JOIN cn_campaigns c ON c.campaign_id = w.campaign_id) d
                   JOIN cn_opportunities o ON o.opportunity_id = d.opportunity_id
                   GROUP BY d.filter_name, d.stage, d.channel) i
          ON i.filter_name = a.filter_name AND i.stage = a.stage AND i.channel = a.channel
        """;

    // ExpectedCampaigns without its WITH clause, to nest it in ExpectedChannels.
    static string ExpectedCampaignsBody => ExpectedCampaigns[ExpectedCampaigns.IndexOf("SELECT b.filter_name", StringComparison.Ordinal)..];

    const string ActualChannels = """
        SELECT filter_name, stage, model, channel, attributed_amount, attributed_opportunities, influenced_amount,
               influenced_opportunities, touches, cost, roi
        FROM an_channel
        """;

    // Each scope's opportunities in the stages they report in, with that stage's fiscal quarter.
    const string StageOpportunities = """
        so AS (
          SELECT s.filter_name, 'pipeline' AS stage, o.opportunity_id, o.amount, o.created_fiscal_year AS fiscal_year,
                 o.created_fiscal_quarter AS fiscal_quarter
          FROM an_filter_scopes s JOIN cn_opportunities o ON o.opportunity_id = s.opportunity_id
          UNION ALL
          SELECT s.filter_name, 'revenue', o.opportunity_id, o.amount, o.fiscal_year, o.fiscal_quarter
          FROM an_filter_scopes s JOIN cn_opportunities o ON o.opportunity_id = s.opportunity_id
          WHERE o.is_won = 1 AND o.close_date IS NOT NULL)
        """;

    const string ExpectedQuarters = $"""
        WITH {Grid}, {StageOpportunities}
        SELECT q.filter_name, q.stage, b.model, q.fiscal_year, q.fiscal_quarter, q.opportunities, q.total_amount,
               COALESCE(cr.attributed, 0) AS attributed_amount, COALESCE(cr.opps, 0) AS attributed_opportunities,
               q.unattributed_amount, q.unattributed_opportunities
        FROM (SELECT so.filter_name, so.stage, so.fiscal_year, so.fiscal_quarter, COUNT(*) AS opportunities, SUM(so.amount) AS total_amount,
                     COALESCE(SUM(CASE WHEN u.opportunity_id IS NOT NULL THEN so.amount END), 0) AS unattributed_amount,
                     COUNT(u.opportunity_id) AS unattributed_opportunities
              FROM so LEFT JOIN at_unattributed u ON u.opportunity_id = so.opportunity_id AND u.stage = so.stage
              GROUP BY so.filter_name, so.stage, so.fiscal_year, so.fiscal_quarter) q
        JOIN grid b ON b.filter_name = q.filter_name AND b.stage = q.stage
        LEFT JOIN (SELECT so.filter_name, so.stage, c.model, so.fiscal_year, so.fiscal_quarter,
                          SUM(c.credit) AS attributed, SUM(c.share) AS opps
                   FROM so JOIN at_credits c ON c.opportunity_id = so.opportunity_id AND c.stage = so.stage
                   GROUP BY so.filter_name, so.stage, c.model, so.fiscal_year, so.fiscal_quarter) cr
          ON cr.filter_name = q.filter_name AND cr.stage = q.stage AND cr.model = b.model
         AND cr.fiscal_year = q.fiscal_year AND cr.fiscal_quarter = q.fiscal_quarter
        """;

    const string CampaignQuarterPairs = """
        ci AS (
          SELECT DISTINCT so.filter_name, so.stage, p.campaign_id, so.opportunity_id, so.amount, so.fiscal_year, so.fiscal_quarter
          FROM so JOIN at_paths p ON p.opportunity_id = so.opportunity_id AND p.stage = so.stage)
        """;

    // Per campaign and quarter: every (campaign, quarter) with a counted touch, each model's credits (0 without), the influence.
    const string ExpectedCampaignQuarters = $"""
        WITH {Grid}, {StageOpportunities}, {CampaignQuarterPairs}
        SELECT b.filter_name, b.stage, b.model, i.campaign_id, i.fiscal_year, i.fiscal_quarter,
               COALESCE(cr.attributed, 0) AS attributed_amount, COALESCE(cr.opps, 0) AS attributed_opportunities,
               i.amount AS influenced_amount, i.opps AS influenced_opportunities
        FROM (SELECT filter_name, stage, campaign_id, fiscal_year, fiscal_quarter, SUM(amount) AS amount, COUNT(*) AS opps
              FROM ci GROUP BY filter_name, stage, campaign_id, fiscal_year, fiscal_quarter) i
        JOIN grid b ON b.filter_name = i.filter_name AND b.stage = i.stage
        LEFT JOIN (SELECT so.filter_name, so.stage, c.model, c.campaign_id, so.fiscal_year, so.fiscal_quarter,
                          SUM(c.credit) AS attributed, SUM(c.share) AS opps
                   FROM so JOIN at_credits c ON c.opportunity_id = so.opportunity_id AND c.stage = so.stage
                   GROUP BY so.filter_name, so.stage, c.model, c.campaign_id, so.fiscal_year, so.fiscal_quarter) cr
          ON cr.filter_name = b.filter_name AND cr.stage = b.stage AND cr.model = b.model AND cr.campaign_id = i.campaign_id
         AND cr.fiscal_year = i.fiscal_year AND cr.fiscal_quarter = i.fiscal_quarter
        """;

    const string ActualCampaignQuarters = """
        SELECT filter_name, stage, model, campaign_id, fiscal_year, fiscal_quarter, attributed_amount, attributed_opportunities,
               influenced_amount, influenced_opportunities
        FROM an_campaign_quarter
        """;

    // Per channel and quarter: the campaigns' quarters (recomputed above) rolled up, influence recounted per channel.
    static string ExpectedChannelQuarters => $"""
        WITH {Grid}, {StageOpportunities}, {CampaignQuarterPairs}
        SELECT a.filter_name, a.stage, a.model, a.channel, a.fiscal_year, a.fiscal_quarter, a.attributed_amount, a.attributed_opportunities,
               COALESCE(i.amount, 0) AS influenced_amount, COALESCE(i.opps, 0) AS influenced_opportunities
        FROM (SELECT e.filter_name, e.stage, e.model, c.channel, e.fiscal_year, e.fiscal_quarter,
                     SUM(e.attributed_amount) AS attributed_amount, SUM(e.attributed_opportunities) AS attributed_opportunities
              FROM ({ExpectedCampaignQuarters[ExpectedCampaignQuarters.IndexOf("SELECT b.filter_name", StringComparison.Ordinal)..]}) e
              JOIN cn_campaigns c ON c.campaign_id = e.campaign_id
              GROUP BY e.filter_name, e.stage, e.model, c.channel, e.fiscal_year, e.fiscal_quarter) a
        LEFT JOIN (SELECT d.filter_name, d.stage, d.channel, d.fiscal_year, d.fiscal_quarter, SUM(d.amount) AS amount, COUNT(*) AS opps
                   FROM (SELECT DISTINCT so.filter_name, so.stage, c.channel, so.fiscal_year, so.fiscal_quarter, so.opportunity_id, so.amount
                         FROM so JOIN at_paths p ON p.opportunity_id = so.opportunity_id AND p.stage = so.stage
                         JOIN cn_campaigns c ON c.campaign_id = p.campaign_id) d
                   GROUP BY d.filter_name, d.stage, d.channel, d.fiscal_year, d.fiscal_quarter) i
          ON i.filter_name = a.filter_name AND i.stage = a.stage AND i.channel = a.channel
         AND i.fiscal_year = a.fiscal_year AND i.fiscal_quarter = a.fiscal_quarter
        """;

    const string ActualChannelQuarters = """
        SELECT filter_name, stage, model, channel, fiscal_year, fiscal_quarter, attributed_amount, attributed_opportunities,
               influenced_amount, influenced_opportunities
        FROM an_channel_quarter
        """;

    const string ActualQuarters = """
        SELECT filter_name, stage, model, fiscal_year, fiscal_quarter, opportunities, total_amount, attributed_amount,
               attributed_opportunities, unattributed_amount, unattributed_opportunities
        FROM an_quarter
        """;

    const string ExpectedAccountAttribution = """
        SELECT s.filter_name, c.stage, c.model, o.account_id, SUM(c.credit), SUM(c.share)
        FROM at_credits c
        JOIN an_filter_scopes s ON s.opportunity_id = c.opportunity_id
        JOIN cn_opportunities o ON o.opportunity_id = c.opportunity_id
        WHERE o.account_id IS NOT NULL
        GROUP BY s.filter_name, c.stage, c.model, o.account_id
        """;

    const string ActualAccountAttribution = """
        SELECT filter_name, stage, model, account_id, attributed_amount, attributed_opportunities FROM an_account_attribution
        """;

    [TestMethod]
    public void EveryAnalyticsTableEqualsThePairGrainFormulasAndTheCompositionNeverReadsThePairs()
    {
        AggregateWithPairsAway();
        using var c = tenant.Open();
        var problems = new List<string>();
        foreach (var (name, keys, expected, actual) in new[]
                 {
                     ("an_campaign", 4, ExpectedCampaigns, ActualCampaigns),
                     ("an_channel", 4, ExpectedChannels, ActualChannels),
                     ("an_quarter", 5, ExpectedQuarters, ActualQuarters),
                     ("an_account_attribution", 4, ExpectedAccountAttribution, ActualAccountAttribution),
                     ("an_campaign_quarter", 6, ExpectedCampaignQuarters, ActualCampaignQuarters),
                     ("an_channel_quarter", 6, ExpectedChannelQuarters, ActualChannelQuarters),
                 })
        {
            var want = Rows(c, expected, keys);
            var got = Rows(c, actual, keys);
            Assert.IsGreaterThan(100, want.Count, $"{name}: a generated tenant has many rows");
            problems.AddRange(Differences(name, want, got));
        }
        Assert.IsEmpty(problems, string.Join("\n", problems.Take(20)));

        // Not vacuous: every filter and stage has attributed and influenced figures.
        foreach (var filter in new[] { "all", "Tier 1", "Big" })
        foreach (var stage in new[] { "pipeline", "revenue" })
        {
            var (attributed, influenced) = c.QuerySingle<(double, decimal)>(
                "SELECT SUM(attributed_amount), SUM(influenced_amount) FROM an_campaign WHERE filter_name = @filter AND stage = @stage AND model = 'linear' AND campaign_id <> ''",
                new { filter, stage });
            Assert.IsGreaterThan(0.0, attributed, $"{filter} {stage}");
            Assert.IsGreaterThan(0m, influenced, $"{filter} {stage}");
        }
        foreach (var work in WorkTables)
            Assert.AreEqual(0L, c.ExecuteScalar<long>($"SELECT COUNT(*) FROM {work}"), $"{work} is emptied after the run");
    }

    static readonly string[] WorkTables =
    [
        "an_credit_work", "an_campaign_influence_work", "an_channel_influence_work", "an_quarter_credit_work", "an_unattributed_work",
        "an_quarter_unattributed_work", "an_account_credit_work", "an_campaign_quarter_credit_work", "an_campaign_quarter_influence_work",
        "an_channel_quarter_influence_work",
    ];

    [TestMethod]
    public void TheWorkBuilderFillsEveryWorkTable()
    {
        // an_build_work alone, on scopes as the step writes them: each of the work tables gets rows.
        using var c = tenant.Open();
        c.Execute("DROP TABLE IF EXISTS an_filter_scopes_next");
        c.Execute("CREATE TABLE an_filter_scopes_next LIKE an_filter_scopes");
        c.Execute("INSERT INTO an_filter_scopes_next SELECT 'all', opportunity_id FROM cn_opportunities");
        new MySqlAnalyticsWork().Build(c, CancellationToken.None);
        foreach (var work in WorkTables)
            Assert.IsGreaterThan(0L, c.ExecuteScalar<long>($"SELECT COUNT(*) FROM {work}"), work);
        Assert.AreEqual(
            c.ExecuteScalar<decimal>("SELECT SUM(amount) FROM at_unattributed"),
            c.ExecuteScalar<decimal>("SELECT SUM(amount) FROM an_unattributed_work"));
        Assert.AreEqual(
            c.ExecuteScalar<long>("SELECT COUNT(DISTINCT p.campaign_id, p.opportunity_id, p.stage) FROM at_paths p"),
            c.ExecuteScalar<long>("SELECT SUM(influenced_opportunities) FROM an_campaign_influence_work"));
        c.Execute("DROP TABLE an_filter_scopes_next");
    }

    [TestMethod]
    [DataRow("revenue", "w_shaped", "all")]
    [DataRow("pipeline", "linear", "Tier 1")]
    public void ReportByAccountIsTheSumOfCreditsPerAccount(string stage, string model, string filter)
    {
        AggregateStep.Aggregate(tenant.ConnectionString, Filters, RunDate);
        var report = new AnalyticsReport(tenant.ConnectionString).Read(new ReportQuery(stage, model, "account", filter, Top: 1_000_000));
        int label = report.Columns.ToList().IndexOf("account"), attributed = report.Columns.ToList().IndexOf("attributed");
        var got = report.Rows.Select(r => (Label: (string)r[label]!, Amount: Convert.ToDouble(r[attributed])))
            .Where(r => r.Amount != 0).OrderBy(r => r.Label, StringComparer.Ordinal).ThenBy(r => r.Amount).ToList();

        using var c = tenant.Open();
        var want = c.Query<(string Label, double Amount)>("""
            SELECT COALESCE(a.name, a.account_id), SUM(cr.credit)
            FROM at_credits cr
            JOIN cn_opportunities o ON o.opportunity_id = cr.opportunity_id
            JOIN cn_accounts a ON a.account_id = o.account_id
            JOIN an_filter_scopes s ON s.opportunity_id = cr.opportunity_id AND s.filter_name = @filter
            WHERE cr.stage = @stage AND cr.model = @model
            GROUP BY a.account_id, a.name
            """, new { stage, model, filter })
            .Where(r => r.Amount != 0).OrderBy(r => r.Label, StringComparer.Ordinal).ThenBy(r => r.Amount).ToList();

        Assert.IsGreaterThan(10, want.Count, "many accounts have credits");
        Assert.HasCount(want.Count, got);
        for (var i = 0; i < want.Count; i++)
        {
            Assert.AreEqual(want[i].Label, got[i].Label);
            Assert.IsTrue(Close(want[i].Amount, got[i].Amount), $"{want[i].Label}: {want[i].Amount} expected, {got[i].Amount} reported");
        }
    }

    [TestMethod]
    public void TheComparisonSeesADifference()
    {
        var want = new Dictionary<string, object?[]> { ["a"] = [1.0, 2m, 3L], ["b"] = [1.0, null, 3L], ["c"] = ["Webinar"] };
        Assert.HasCount(1, Differences("t", want, new() { ["a"] = [1.0, 2m, 3L], ["b"] = [1.0, null, 3L], ["c"] = ["Ads"] }));
        want.Remove("c");
        Assert.IsEmpty(Differences("t", want, new() { ["a"] = [1.0 + 1e-12, 2m, 3L], ["b"] = [1.0, null, 3L] }));
        Assert.HasCount(1, Differences("t", want, new() { ["a"] = [1.001, 2m, 3L], ["b"] = [1.0, null, 3L] }));
        Assert.HasCount(1, Differences("t", want, new() { ["a"] = [1.0, 2.01m, 3L], ["b"] = [1.0, null, 3L] }));
        Assert.HasCount(1, Differences("t", want, new() { ["a"] = [1.0, 2m, 3L], ["b"] = [1.0, 0m, 3L] }));
        Assert.HasCount(1, Differences("t", want, new() { ["a"] = [1.0, 2m, 3L] }));
    }

    /// <summary>Rows keyed by their first <paramref name="keys"/> columns, the rest as values.</summary>
    static Dictionary<string, object?[]> Rows(MySqlConnection c, string sql, int keys)
    {
        var rows = new Dictionary<string, object?[]>();
        using var reader = c.ExecuteReader(sql, commandTimeout: 0);
        while (reader.Read())
        {
            var key = string.Join("|", Enumerable.Range(0, keys).Select(i => Convert.ToString(reader.GetValue(i))));
            rows.Add(key, Enumerable.Range(keys, reader.FieldCount - keys).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i)).ToArray());
        }
        return rows;
    }

    /// <summary>
    /// Missing and extra rows, and every value that differs: exact for decimals and counts; for
    /// doubles (sums of credits and shares) to 1e-9 relative, as summing in another order may change
    /// the last bits.
    /// </summary>
    static List<string> Differences(string table, Dictionary<string, object?[]> want, Dictionary<string, object?[]> got)
    {
        var problems = new List<string>();
        problems.AddRange(want.Keys.Except(got.Keys).Select(k => $"{table} [{k}] missing"));
        problems.AddRange(got.Keys.Except(want.Keys).Select(k => $"{table} [{k}] unexpected"));
        foreach (var (key, w) in want)
        {
            if (!got.TryGetValue(key, out var g)) continue;
            for (var i = 0; i < w.Length; i++)
            {
                var same = (w[i], g[i]) switch
                {
                    (null, null) => true,
                    (null, _) or (_, null) => false,
                    (string, _) or (_, string) => Equals(w[i], g[i]),
                    (double or float, _) or (_, double or float) => Close(Convert.ToDouble(w[i]), Convert.ToDouble(g[i])),
                    _ => Convert.ToDecimal(w[i]) == Convert.ToDecimal(g[i]),
                };
                if (!same) problems.Add($"{table} [{key}] column {i}: {w[i]} expected, {g[i]} built");
            }
        }
        return problems;
    }

    static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));
}
