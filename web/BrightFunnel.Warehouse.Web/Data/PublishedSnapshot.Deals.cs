using Dapper;

namespace BrightFunnel.Warehouse.Web.Data;

/// <summary>The drill-down's last two steps: a campaign's deals, and one deal's path with every model's credit.</summary>
public sealed partial class PublishedSnapshot
{
    const string DealColumns = """
        d.opportunity_id AS OpportunityId, d.name AS Name, d.account_name AS AccountName, d.amount AS Amount, d.created_date AS CreatedDateTime,
        d.close_date AS CloseDateTime, d.is_won AS IsWon, d.filters AS FiltersJson
        """;

    const string DealCampaignColumns = """
        dc.stage AS Stage, dc.opportunity_id AS OpportunityId, dc.campaign_id AS CampaignId, dc.touches AS Touches,
        dc.first_touch_date AS FirstTouchDate, dc.last_touch_date AS LastTouchDate, dc.credits AS CreditsText
        """;

    /// <summary>
    /// Every deal the campaign touched in <paramref name="stage"/> (every filter's: the caller keeps the
    /// selection's filter and range), read once per campaign and stage of the version.
    /// </summary>
    public Task<IReadOnlyList<CampaignDeal>> CampaignDeals(string campaignId, string stage) =>
        Cached<IReadOnlyList<CampaignDeal>>($"campaign-deals|{campaignId}|{stage}", async () =>
            (await c.QueryAsync<DealCampaignRow, DealRow, CampaignDeal>($"""
                SELECT {DealCampaignColumns}, {DealColumns}
                FROM web_deal_campaigns dc
                JOIN web_deals d ON d.tenant_id = dc.tenant_id AND d.version = dc.version AND d.opportunity_id = dc.opportunity_id
                WHERE dc.tenant_id = @tenant AND dc.version = @version AND dc.stage = @stage AND dc.campaign_id = @campaignId
                """, (path, deal) => new CampaignDeal(deal, path), new { tenant, version = publication.Version, stage, campaignId },
                splitOn: "OpportunityId")).ToList());

    /// <summary>
    /// The deals the campaign touched in the selection's stage that its filter keeps and, in a date
    /// range, whose stage date falls in the range's quarters; by the selection's model's credit, largest first.
    /// </summary>
    public Task<IReadOnlyList<CampaignDeal>> CampaignDeals(string campaignId, Selection s, DateRange? range) =>
        Cached<IReadOnlyList<CampaignDeal>>(Key("campaign-deals-in", s, $"{campaignId}|{range}"), async () =>
        {
            var start = publication.FiscalYearStartMonth ?? 1;
            bool InRange(DateOnly? day) => range is null || day is { } d && range.Quarters.Contains(FiscalQuarter.Of(d, start));
            return (await CampaignDeals(campaignId, s.Stage)).Where(d => d.Deal.In(s.Filter) && InRange(d.Deal.DateOf(s.Stage)))
                .OrderByDescending(d => d.Path.Credit(s.Model)).ThenBy(d => d.Deal.OpportunityId, StringComparer.Ordinal).ToList();
        });

    /// <summary>The version's opportunity ids: an id is looked up (and its path cached) only when it is one of them.</summary>
    Task<HashSet<string>> DealIds() => Cached("deal-ids", async () => (await c.QueryAsync<string>(
        "SELECT opportunity_id FROM web_deals WHERE tenant_id = @tenant AND version = @version", new { tenant, version = publication.Version }))
        .ToHashSet(StringComparer.Ordinal));

    /// <summary>One deal and its path in each stage (campaigns by first touch); null when this tenant has no such opportunity.</summary>
    public async Task<DealPath?> Deal(string opportunityId) => !(await DealIds()).Contains(opportunityId) ? null : await Cached($"deal|{opportunityId}", async () =>
    {
        var deal = await c.QuerySingleAsync<DealRow>($"""
            SELECT {DealColumns} FROM web_deals d WHERE d.tenant_id = @tenant AND d.version = @version AND d.opportunity_id = @opportunityId
            """, new { tenant, version = publication.Version, opportunityId });
        var rows = (await c.QueryAsync<DealCampaignRow>($"""
            SELECT {DealCampaignColumns} FROM web_deal_campaigns dc
            WHERE dc.tenant_id = @tenant AND dc.version = @version AND dc.opportunity_id = @opportunityId
            """, new { tenant, version = publication.Version, opportunityId })).ToList();
        // The campaigns' names and channels: the version's campaign list (one per stage, model and filter, all alike in names).
        var names = (await Campaigns(new Selection("pipeline", Choices.Models.FirstOrDefault() ?? "linear", "all")))
            .Where(x => !x.Unattributed).ToDictionary(x => x.CampaignId, x => (x.CampaignName, x.Channel), StringComparer.Ordinal);
        var stages = rows.GroupBy(r => r.Stage).OrderBy(g => g.Key == "revenue").Select(g =>
        {
            var steps = g.OrderBy(r => r.FirstTouchDate).ThenBy(r => r.CampaignId, StringComparer.Ordinal).Select(r => new DealPathStep(r.CampaignId,
                names.TryGetValue(r.CampaignId, out var n) ? n.CampaignName ?? r.CampaignId : r.CampaignId, names.TryGetValue(r.CampaignId, out n) ? n.Channel : "",
                r.Touches, DateOnly.FromDateTime(r.FirstTouchDate), DateOnly.FromDateTime(r.LastTouchDate), r.Credits)).ToList();
            var totals = steps.SelectMany(s => s.Credits).GroupBy(x => x.Key).ToDictionary(x => x.Key, x => x.Sum(y => y.Value), StringComparer.Ordinal);
            return new DealStagePath(g.Key, steps, totals);
        }).ToList();
        return new DealPath(deal, stages);
    });
}
