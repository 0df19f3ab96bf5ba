using Dapper;

namespace BrightFunnel.Warehouse.Web.Data;

/// <summary>The target account pages' reads (docs/abm.md): lists, their accounts, and one account's journey.</summary>
public sealed partial class PublishedSnapshot
{
    public Task<IReadOnlyList<AbmListRow>> AbmLists() => Cached<IReadOnlyList<AbmListRow>>("abm-lists", async () => (await c.QueryAsync<AbmListRow>("""
        SELECT list_name AS ListName, source AS Source, definition AS Definition, accounts AS Accounts, unmatched_entries AS UnmatchedEntries,
               engaged_this_quarter AS EngagedThisQuarter, quarter_label AS QuarterLabel, model AS Model
        FROM web_abm_lists WHERE tenant_id = @tenant AND version = @version ORDER BY list_name
        """, new { tenant, version = publication.Version })).ToList());

    /// <summary>A list's accounts by score, highest first; empty when the list is not published (the caller checks the name).</summary>
    public Task<IReadOnlyList<TargetAccountRow>> TargetAccounts(string list) => Cached<IReadOnlyList<TargetAccountRow>>($"abm-accounts|{list}", async () =>
        (await c.QueryAsync<TargetAccountRow>("""
            SELECT account_id AS AccountId, account_name AS AccountName, tier AS Tier, score AS Score, trend AS Trend,
                   engaged_this_quarter AS EngagedThisQuarter, open_pipeline AS OpenPipeline, won_revenue AS WonRevenue,
                   attributed_revenue AS AttributedRevenue, latest_spike_week AS LatestSpikeWeek, latest_spike_score AS LatestSpikeScore
            FROM web_target_accounts WHERE tenant_id = @tenant AND version = @version AND list_name = @list
            ORDER BY score DESC, account_id
            """, new { tenant, version = publication.Version, list })).ToList());

    /// <summary>A target account's journey, or null when the account is in no published list.</summary>
    public Task<AccountJourney?> Journey(string accountId) => CachedOrNull($"abm-journey|{accountId}", async () =>
    {
        var args = new { tenant, version = publication.Version, accountId };
        var account = await c.QueryFirstOrDefaultAsync<(string? Name, string? Tier)?>(
            "SELECT account_name, tier FROM web_target_accounts WHERE tenant_id = @tenant AND version = @version AND account_id = @accountId LIMIT 1", args);
        if (account is not { } a) return null;
        // The weeks and the journey arrive packed, a row per account (sql/web/0017_packed_account_pages.sql).
        var packed = await c.QuerySingleAsync<(string? Weeks, string? Journey)>("""
            SELECT (SELECT CONVERT(UNCOMPRESS(series) USING utf8mb4) FROM web_target_account_weeks_packed
                    WHERE tenant_id = @tenant AND version = @version AND account_id = @accountId),
                   (SELECT CONVERT(UNCOMPRESS(journey) USING utf8mb4) FROM web_account_journey_packed
                    WHERE tenant_id = @tenant AND version = @version AND account_id = @accountId)
            """, args);
        var weeks = PackedAccountPages.Weeks(packed.Weeks, accountId);
        var causes = (await c.QueryAsync<(DateTime Week, string Kind, string Cause, double Points)>("""
            SELECT week_start, cause_kind, cause, points FROM web_account_spike_causes
            WHERE tenant_id = @tenant AND version = @version AND account_id = @accountId
            ORDER BY week_start, cause_kind, points DESC, cause
            """, args)).ToLookup(x => x.Week, x => new SpikeCauseRow(x.Kind, x.Cause, x.Points));
        var spikes = (await c.QueryAsync<AccountSpikeRow>("""
            SELECT week_start AS WeekStart, score AS Score, trailing_mean AS TrailingMean, trailing_sd AS TrailingSd, people AS People, top_channel AS TopChannel
            FROM web_account_spikes WHERE tenant_id = @tenant AND version = @version AND account_id = @accountId
            ORDER BY week_start DESC
            """, args)).Select(s => s with { Causes = causes[s.WeekStart].ToList() }).ToList();
        var timeline = PackedAccountPages.Journey(packed.Journey, accountId);
        var credit = (await c.QueryAsync<ModelCreditRow>("""
            SELECT model AS Model, attributed_amount AS AttributedAmount, attributed_opportunities AS AttributedOpportunities
            FROM web_account_attribution
            WHERE tenant_id = @tenant AND version = @version AND account_id = @accountId AND filter_name = 'all' AND stage = 'revenue'
            ORDER BY model
            """, args)).ToList();
        return new AccountJourney(accountId, a.Name, a.Tier, weeks, spikes, timeline, credit);
    });

    /// <summary><see cref="Cached{T}"/> for a read that may find nothing: the absence is cached too.</summary>
    async Task<T?> CachedOrNull<T>(string key, Func<Task<T?>> query) where T : class =>
        (await Cached(key, async () => new Maybe<T>(await query()))).Value;

    sealed record Maybe<T>(T? Value) where T : class;
}
