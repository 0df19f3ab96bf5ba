using Dapper;

namespace BrightFunnel.Warehouse.Web.Data;

/// <summary>The drill-down's last two steps: a campaign's deals, and one deal's path with every model's credit.</summary>
public sealed partial class PublishedSnapshot
{
    const string DealColumns = """
        d.opportunity_id AS OpportunityId, d.name AS Name, d.account_name AS AccountName, d.amount AS Amount, d.created_date AS CreatedDateTime,
        d.close_date AS CloseDateTime, d.is_won AS IsWon, d.filters AS FiltersJson
        """;

    /// <summary>
    /// Every deal the campaign touched in <paramref name="stage"/> (every filter's: the caller keeps the
    /// selection's filter and range), read once per campaign and stage of the version: the campaign's
    /// deal ids, then each deal with the campaign's entry cut out of its path by the server (the
    /// busiest campaign of an L tenant has 27k deals, whose whole paths are 68 MB). Both lists are
    /// stored compressed (sql/web/0016_compressed_deal_paths.sql) and read through UNCOMPRESS().
    /// </summary>
    public Task<IReadOnlyList<CampaignDeal>> CampaignDeals(string campaignId, string stage) =>
        Cached<IReadOnlyList<CampaignDeal>>($"campaign-deals|{campaignId}|{stage}", async () =>
        {
            var ids = await c.QuerySingleOrDefaultAsync<string>("""
                SELECT CONVERT(UNCOMPRESS(opportunity_ids) USING utf8mb4) FROM web_campaign_deals
                WHERE tenant_id = @tenant AND version = @version AND stage = @stage AND campaign_id = @campaignId
                """, new { tenant, version = publication.Version, stage, campaignId });
            if (ids is null) return [];
            var found = new List<CampaignDeal>();
            foreach (var chunk in ids.Split(' ', StringSplitOptions.RemoveEmptyEntries).Chunk(PathsPerQuery))
                found.AddRange((await c.QueryAsync<DealRow, PathEntry, (DealRow Deal, PathEntry Entry)>($"""
                    SELECT {DealColumns}, p.models AS Models,
                           SUBSTRING_INDEX(SUBSTRING_INDEX(CONCAT(' ', CONVERT(UNCOMPRESS(p.path) USING utf8mb4)), CONCAT(' ', @campaignId, '|'), -1), ' ', 1) AS Tail
                    FROM web_deal_paths p
                    JOIN web_deals d ON d.tenant_id = @tenant AND d.version = @version AND d.opportunity_id = p.opportunity_id
                    WHERE p.tenant_id = @tenant AND p.version = @version AND p.opportunity_id IN @chunk AND p.stage = @stage
                    """, (deal, entry) => (deal, entry), new { tenant, version = publication.Version, chunk, stage, campaignId }, splitOn: "Models"))
                    .Where(x => x.Entry.Tail.Length > 0)
                    .Select(x => new CampaignDeal(x.Deal, PackedDealPaths.OfDeal($"{campaignId}|{x.Entry.Tail}", x.Entry.Models, stage, x.Deal.OpportunityId).Single())));
            return found;
        });

    /// <summary>
    /// A campaign's entry in one deal's path without its campaign id (empty when the path has no such
    /// entry), and the models its credits are of. The server decompresses each path once and cuts the
    /// entry out of it (SUBSTRING_INDEX around " campaign|"): the paths stay on the server.
    /// </summary>
    sealed class PathEntry
    {
        public string Models { get; init; } = "";
        public string Tail { get; init; } = "";
    }

    /// <summary>Deal ids per query of their paths: one statement's parameters stay few.</summary>
    const int PathsPerQuery = 1000;

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
        var rows = (await c.QueryAsync<(string Stage, string Models, string Path)>("""
            SELECT stage, models, CONVERT(UNCOMPRESS(path) USING utf8mb4) AS path FROM web_deal_paths WHERE tenant_id = @tenant AND version = @version AND opportunity_id = @opportunityId
            """, new { tenant, version = publication.Version, opportunityId }))
            .SelectMany(r => PackedDealPaths.OfDeal(r.Path, r.Models, r.Stage, opportunityId)).ToList();
        // The campaigns' names and channels: the version's campaign list (one per stage, model and filter, all alike in names).
        var names = (await Campaigns(new Selection("pipeline", Choices.Models.FirstOrDefault() ?? "linear", "all")))
            .Where(x => !x.Unattributed).ToDictionary(x => x.CampaignId, x => (x.CampaignName, x.Channel), StringComparer.Ordinal);
        var stages = rows.GroupBy(r => r.Stage).OrderBy(g => g.Key == "revenue").Select(g =>
        {
            var steps = g.OrderBy(r => r.FirstTouchDate).ThenBy(r => r.CampaignId, StringComparer.Ordinal).Select(r => new DealPathStep(r.CampaignId,
                names.TryGetValue(r.CampaignId, out var n) ? n.CampaignName ?? r.CampaignId : r.CampaignId, names.TryGetValue(r.CampaignId, out n) ? n.Channel : "",
                r.Touches, r.FirstTouchDate, r.LastTouchDate, r.Credits)).ToList();
            var totals = steps.SelectMany(s => s.Credits).GroupBy(x => x.Key).ToDictionary(x => x.Key, x => x.Sum(y => y.Value), StringComparer.Ordinal);
            return new DealStagePath(g.Key, steps, totals);
        }).ToList();
        return new DealPath(deal, stages);
    });
}
