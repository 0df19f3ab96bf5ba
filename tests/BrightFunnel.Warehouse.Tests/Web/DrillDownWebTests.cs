using System.Text.Json;
using BrightFunnel.Warehouse.Orchestrator.Explain;
using BrightFunnel.Warehouse.Orchestrator.Filters;
using Dapper;

namespace BrightFunnel.Warehouse.Tests.Web;

/// <summary>
/// The drill-down's last steps through the API on a generated size-S tenant: a campaign's deals are
/// the opportunities its pairs touch (under the filter), each with the campaign's credit from
/// at_credits; a deal's path gives, per campaign and model, the credits bfw explain lists per touch, summed.
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class DrillDownWebTests
{
    static PublishedGeneratedTenant published = null!;

    [ClassInitialize]
    public static async Task Setup(TestContext _) => published = await PublishedGeneratedTenant.Start(12, 1,
        new DynamicFilter("Tier 1", """{"field": "account.tier", "op": "eq", "value": "Tier 1"}"""));

    [ClassCleanup]
    public static async Task Cleanup()
    {
        if (published is not null) await published.DisposeAsync();
    }

    static async Task<JsonElement> Get(string path) => JsonDocument.Parse(await published.Api.GetStringAsync(path)).RootElement;

    /// <summary>The campaign with the most deals in the stage.</summary>
    static string BusiestCampaign(string stage)
    {
        using var c = published.Tenant.Open();
        return c.ExecuteScalar<string>("""
            SELECT campaign_id FROM at_paths WHERE stage = @stage GROUP BY campaign_id ORDER BY COUNT(DISTINCT opportunity_id) DESC, campaign_id LIMIT 1
            """, new { stage })!;
    }

    [TestMethod]
    [DataRow("pipeline", "w_shaped", "all")]
    [DataRow("revenue", "first_touch", "Tier 1")]
    public async Task ACampaignsDealsAreTheOpportunitiesItsPairsTouchWithItsCreditFromTheCredits(string stage, string model, string filter)
    {
        var campaign = BusiestCampaign(stage);
        using var c = published.Tenant.Open();
        var want = c.Query<(string Opportunity, double Credit, long Touches)>("""
            SELECT p.opportunity_id, COALESCE(SUM(cr.credit), 0), COUNT(DISTINCT p.touch_id)
            FROM at_paths p
            LEFT JOIN at_credits cr ON cr.opportunity_id = p.opportunity_id AND cr.stage = p.stage AND cr.touch_id = p.touch_id AND cr.model = @model
            WHERE p.stage = @stage AND p.campaign_id = @campaign
              AND (@filter = 'all' OR p.opportunity_id IN (SELECT opportunity_id FROM an_filter_scopes WHERE filter_name = @filter))
            GROUP BY p.opportunity_id
            """, new { stage, model, campaign, filter }).ToDictionary(r => r.Opportunity);
        Assert.IsGreaterThan(3, want.Count, "the campaign touched several deals");

        var body = await Get($"/api/v1/campaigns/{campaign}/deals?stage={stage}&model={model}&filter={Uri.EscapeDataString(filter)}");
        var deals = body.GetProperty("deals").EnumerateArray().ToList();
        CollectionAssert.AreEquivalent(want.Keys.ToList(), deals.Select(d => d.GetProperty("deal").GetProperty("opportunityId").GetString()).ToList());
        foreach (var d in deals)
        {
            var (_, credit, touches) = want[d.GetProperty("deal").GetProperty("opportunityId").GetString()!];
            Assert.AreEqual(Math.Round(credit, 2), d.GetProperty("credit").GetDouble(), 0.011);
            Assert.AreEqual(touches, d.GetProperty("touches").GetInt64());
        }
        CollectionAssert.AreEqual(deals.Select(d => d.GetProperty("credit").GetDouble()).OrderByDescending(x => x).ToList(),
            deals.Select(d => d.GetProperty("credit").GetDouble()).ToList(), "largest credit first");
        Assert.AreEqual(body.GetProperty("campaign").GetProperty("attributedAmount").GetDouble(), deals.Sum(d => d.GetProperty("credit").GetDouble()),
            0.01 * deals.Count + 0.01, "the deals' credits add up to the campaign's attributed amount");
    }

    [TestMethod]
    public async Task ADealsPathGivesEachCampaignTheCreditsBfwExplainListsForItsTouches()
    {
        string deal;
        using (var c = published.Tenant.Open())
            deal = c.ExecuteScalar<string>("""
                SELECT opportunity_id FROM at_paths WHERE stage = 'revenue' GROUP BY opportunity_id
                ORDER BY COUNT(DISTINCT campaign_id) DESC, opportunity_id LIMIT 1
                """)!;
        var explained = new OpportunityPath(published.Tenant.ConnectionString, published.Tenant.Settings.Impala).Explain(published.Tenant.Id, deal);
        var path = (await Get($"/api/v1/deals/{deal}")).GetProperty("path");
        Assert.AreEqual(deal, path.GetProperty("deal").GetProperty("opportunityId").GetString());
        var stages = path.GetProperty("stages").EnumerateArray().ToDictionary(s => s.GetProperty("stage").GetString()!);
        var attributed = explained.Stages.Where(s => s.Touches.Count > 0).ToList();
        CollectionAssert.AreEquivalent(attributed.Select(s => s.Stage).ToList(), stages.Keys.ToList());
        foreach (var stage in attributed)
        {
            var steps = stages[stage.Stage].GetProperty("campaigns").EnumerateArray().ToDictionary(x => x.GetProperty("campaignId").GetString()!);
            var byCampaign = stage.Touches.GroupBy(t => t.CampaignId).ToList();
            Assert.IsGreaterThan(1, byCampaign.Count, "a path of several campaigns");
            CollectionAssert.AreEquivalent(byCampaign.Select(g => g.Key).ToList(), steps.Keys.ToList());
            foreach (var g in byCampaign)
            {
                var step = steps[g.Key];
                Assert.AreEqual(g.Count(), step.GetProperty("touches").GetInt32(), $"{stage.Stage} {g.Key} touches");
                Assert.AreEqual(g.Min(t => t.Date).ToString("yyyy-MM-dd"), step.GetProperty("firstTouchDate").GetString());
                foreach (var model in stage.Models)
                {
                    var got = step.GetProperty("credits").TryGetProperty(model, out var v) ? v.GetDouble() : 0;
                    Assert.AreEqual(Math.Round(g.Sum(t => t.Credits[model]), 2), got, 0.011, $"{stage.Stage} {g.Key} under {model}");
                }
            }
        }
    }

    [TestMethod]
    public async Task BadOrUnknownIdsAreRefusedNamingThem()
    {
        foreach (var (path, status) in new[]
                 {
                     ("/api/v1/deals/not-an-id", 400), ("/api/v1/deals/006000000000000ZZZ", 404),
                     ("/api/v1/campaigns/bad%20id/deals", 400), ("/api/v1/campaigns/701000000000000ZZZ/deals", 404),
                     ($"/api/v1/campaigns/{BusiestCampaign("pipeline")}/deals?range=junk", 400),
                 })
        {
            using var response = await published.Api.GetAsync(path);
            Assert.AreEqual(status, (int)response.StatusCode, path);
            StringAssert.Contains(await response.Content.ReadAsStringAsync(), "\"error\"", path);
        }
    }
}
