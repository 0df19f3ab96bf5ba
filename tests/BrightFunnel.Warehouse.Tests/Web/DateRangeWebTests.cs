using System.Text.Json;
using Dapper;

namespace BrightFunnel.Warehouse.Tests.Web;

/// <summary>
/// Date ranges and comparison periods (docs/decisions/date-ranges.md) on a generated size-S tenant with
/// a fiscal year starting in February, published to bf_web: each campaign's and channel's figures in
/// a range equal the pairs' credits of the opportunities whose stage date falls in the range's fiscal
/// quarters, counted from the quarter of the as-of date, written out here straight from at_credits.
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class DateRangeWebTests
{
    const int FiscalStart = 2;
    static PublishedGeneratedTenant published = null!;
    static TestTenant tenant => published.Tenant;
    static HttpClient api => published.Api;

    [ClassInitialize]
    public static async Task Setup(TestContext _) => published = await PublishedGeneratedTenant.Start(11, FiscalStart);

    [ClassCleanup]
    public static async Task Cleanup()
    {
        if (published is not null) await published.DisposeAsync();
    }

    /// <summary>The fiscal quarter (as year × 4 + quarter − 1) of the as-of date, computed in SQL from the tenant's own settings.</summary>
    static int AsOfQuarter()
    {
        using var c = tenant.Open();
        return c.ExecuteScalar<int>("""
            SELECT (YEAR(b.as_of_date) + CASE WHEN s.fiscal_year_start_month > 1 AND MONTH(b.as_of_date) >= s.fiscal_year_start_month THEN 1 ELSE 0 END) * 4
                   + MOD(MONTH(b.as_of_date) - s.fiscal_year_start_month + 12, 12) DIV 3
            FROM an_build_info b CROSS JOIN cfg_tenant_settings s
            """);
    }

    /// <summary>Each campaign's credits (and the unattributed amount, key '') over the pairs of the opportunities reporting in quarters [from, to].</summary>
    static Dictionary<string, double> Credits(string stage, string model, int from, int to, string by = "campaign")
    {
        using var c = tenant.Open();
        var quarter = stage == "pipeline" ? "(o.created_fiscal_year * 4 + o.created_fiscal_quarter - 1)" : "(o.fiscal_year * 4 + o.fiscal_quarter - 1)";
        var key = by == "campaign" ? "cr.campaign_id" : "k.channel";
        var rows = c.Query<(string Key, double Amount)>($"""
            SELECT {key}, SUM(cr.credit) FROM at_credits cr
            JOIN cn_opportunities o ON o.opportunity_id = cr.opportunity_id
            JOIN cn_campaigns k ON k.campaign_id = cr.campaign_id
            WHERE cr.stage = @stage AND cr.model = @model AND {quarter} BETWEEN @from AND @to
            GROUP BY {key}
            UNION ALL
            SELECT '', COALESCE(SUM(u.amount), 0) FROM at_unattributed u JOIN cn_opportunities o ON o.opportunity_id = u.opportunity_id
            WHERE u.stage = @stage AND {quarter} BETWEEN @from AND @to
            """, new { stage, model, from, to }).ToDictionary(r => r.Key, r => r.Amount);
        return rows;
    }

    static async Task<JsonElement> Get(string path) => JsonDocument.Parse(await api.GetStringAsync(path)).RootElement;

    [TestMethod]
    [DataRow("pipeline", "u_shaped", "last-12-months", "previous", 3, 4)]
    [DataRow("revenue", "linear", "this-year", "year-ago", -1, 4)]
    [DataRow("pipeline", "first_touch", "last-quarter", "previous", 1, 1)]
    public async Task ACampaignsFiguresInARangeAndItsComparisonAreThePairsCreditsOfThoseQuarters(string stage, string model, string range, string compare, int back, int shift)
    {
        var now = AsOfQuarter();
        // this-year: the fiscal year's quarters to the as-of quarter; otherwise back quarters before it (last-quarter: only the one before).
        var (from, to) = range switch
        {
            "this-year" => (now - now % 4, now),
            "last-quarter" => (now - 1, now - 1),
            _ => (now - back, now),
        };
        var body = await Get($"/api/v1/campaigns?stage={stage}&model={model}&range={range}&compare={compare}");
        var quarters = body.GetProperty("range").GetProperty("quarters").EnumerateArray()
            .Select(q => q.GetProperty("year").GetInt32() * 4 + q.GetProperty("quarter").GetInt32() - 1).ToList();
        CollectionAssert.AreEqual(Enumerable.Range(from, to - from + 1).ToList(), quarters, "the range's fiscal quarters, from the as-of date's");
        var comparison = body.GetProperty("range").GetProperty("comparison").EnumerateArray()
            .Select(q => q.GetProperty("year").GetInt32() * 4 + q.GetProperty("quarter").GetInt32() - 1).ToList();
        CollectionAssert.AreEqual(Enumerable.Range(from - shift, to - from + 1).ToList(), comparison, "the comparison period's");

        var want = Credits(stage, model, from, to);
        var then = Credits(stage, model, from - shift, to - shift);
        var rows = body.GetProperty("rows").EnumerateArray().ToList();
        Assert.IsGreaterThan(0.0, want.Where(w => w.Key != "").Sum(w => w.Value), "the range holds credits");
        Assert.IsGreaterThan(0.0, then.Where(w => w.Key != "").Sum(w => w.Value), "so does the comparison period");
        foreach (var row in rows)
        {
            var id = row.GetProperty("campaignId").GetString()!;
            var amount = row.GetProperty("attributedAmount").GetDouble();
            Assert.AreEqual(Math.Round(want.GetValueOrDefault(id), 2), amount, 0.011, $"{id} in {range}");
            Assert.AreEqual(Math.Round(then.GetValueOrDefault(id), 2), row.GetProperty("comparisonAmount").GetDouble(), 0.011, $"{id} in the comparison");
            Assert.AreEqual(JsonValueKind.Null, row.GetProperty("touches").ValueKind, "touches do not add up over quarters");
            Assert.AreEqual(JsonValueKind.Null, row.GetProperty("roi").ValueKind, "ROI withheld in a range: cost has no date");
            if (then.GetValueOrDefault(id) is var before && Math.Abs(before) > 0.01)
                Assert.AreEqual((want.GetValueOrDefault(id) - before) / before, row.GetProperty("change").GetDouble(), 0.006, $"{id}'s change");
            else
                Assert.IsFalse(row.TryGetProperty("change", out _), $"{id}: no change where the comparison had nothing");
        }
        Assert.HasCount(rows.Count, rows.Select(r => r.GetProperty("campaignId").GetString()).Distinct().ToList());
        CollectionAssert.IsSubsetOf(want.Keys.ToList(), rows.Select(r => r.GetProperty("campaignId").GetString()).ToList(), "every campaign with credit is listed");
    }

    [TestMethod]
    public async Task AChannelsFiguresInARangeAreThePairsCreditsOfItsCampaignsInThoseQuarters()
    {
        var now = AsOfQuarter();
        var want = Credits("pipeline", "w_shaped", now - 3, now, by: "channel");
        var rows = (await Get("/api/v1/channels?model=w_shaped&range=last-12-months")).GetProperty("rows").EnumerateArray().ToList();
        Assert.IsGreaterThan(1, want.Count);
        foreach (var row in rows)
        {
            var channel = row.GetProperty("channel").GetString()!;
            var key = channel == "(unattributed)" ? "" : channel;
            Assert.AreEqual(Math.Round(want.GetValueOrDefault(key), 2), row.GetProperty("attributedAmount").GetDouble(), 0.011, channel);
            Assert.IsFalse(row.TryGetProperty("comparisonAmount", out _), "no comparison asked for");
        }
    }

    [TestMethod]
    public async Task TheModelGridInARangeSumsEachModelsQuarters()
    {
        var now = AsOfQuarter();
        var grid = (await Get("/api/v1/models/grid?stage=revenue&model=linear&range=this-quarter")).GetProperty("grid");
        foreach (var row in grid.GetProperty("items").EnumerateArray())
        foreach (var model in new[] { "linear", "first_touch", "last_touch" })
        {
            var want = Credits("revenue", model, now, now, by: "channel").GetValueOrDefault(row.GetProperty("key").GetString()!);
            Assert.AreEqual(Math.Round(want, 2), row.GetProperty("amounts").TryGetProperty(model, out var got) ? got.GetDouble() : 0, 0.011,
                $"{row.GetProperty("key")} under {model}");
        }
    }

    [TestMethod]
    [DataRow("range=junk", "range")]
    [DataRow("range=last-quarter&compare=junk", "compare")]
    [DataRow("compare=previous", "compare")]
    public async Task ABadRangeOrAComparisonWithoutARangeIsA400NamingTheParameter(string query, string parameter)
    {
        foreach (var path in new[] { "/api/v1/campaigns", "/api/v1/channels", "/api/v1/models/grid" })
        {
            using var response = await api.GetAsync($"{path}?{query}");
            Assert.AreEqual(System.Net.HttpStatusCode.BadRequest, response.StatusCode, $"{path}?{query}");
            var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.AreEqual(parameter, error.GetProperty("parameter").GetString(), $"{path}?{query}");
        }
    }
}
