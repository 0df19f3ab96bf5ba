using Dapper;

namespace BrightFunnel.Warehouse.Orchestrator.Abm;

public sealed record TargetListSummary(string ListName, string Source, string Definition, long Accounts, long UnmatchedEntries,
    long EngagedThisQuarter, string? QuarterLabel, string? Model);

public sealed record TargetAccountRow(string AccountId, string? AccountName, string? Tier, double Score, string Trend, bool EngagedThisQuarter,
    decimal OpenPipeline, decimal WonRevenue, double AttributedRevenue, DateTime? LatestSpikeWeek, double? LatestSpikeScore);

public sealed record TargetListHistory(long RunId, DateTime RunDate, long Accounts);

public sealed record TargetAccountReportResult(TargetListSummary List, IReadOnlyList<TargetAccountRow> Accounts, IReadOnlyList<TargetListHistory> History);

/// <summary>
/// A list as the last engage step left it in the tenant database (an_abm_lists, an_target_accounts,
/// an_target_account_history): what <c>bfw abm report</c> prints and the Target accounts page shows
/// from the published copy. Accounts by score, highest first.
/// </summary>
public sealed class TargetAccountReport(string tenantConnectionString)
{
    /// <summary>The list's report, or null when no engage step has evaluated it yet.</summary>
    public TargetAccountReportResult? Read(string listName)
    {
        using var c = DbConnections.Tenant(tenantConnectionString);
        var list = c.QuerySingleOrDefault<TargetListSummary>("""
            SELECT list_name AS ListName, source AS Source, definition AS Definition, accounts AS Accounts,
                   unmatched_entries AS UnmatchedEntries, engaged_this_quarter AS EngagedThisQuarter,
                   quarter_label AS QuarterLabel, model AS Model
            FROM an_abm_lists WHERE list_name = @listName
            """, new { listName });
        if (list is null) return null;
        var accounts = c.Query<TargetAccountRow>("""
            SELECT account_id AS AccountId, account_name AS AccountName, tier AS Tier, score AS Score, trend AS Trend,
                   engaged_this_quarter AS EngagedThisQuarter, open_pipeline AS OpenPipeline, won_revenue AS WonRevenue,
                   attributed_revenue AS AttributedRevenue, latest_spike_week AS LatestSpikeWeek, latest_spike_score AS LatestSpikeScore
            FROM an_target_accounts WHERE list_name = @listName
            ORDER BY score DESC, account_id
            """, new { listName }).ToList();
        var history = c.Query<TargetListHistory>("""
            SELECT run_id AS RunId, run_date AS RunDate, COUNT(*) AS Accounts
            FROM an_target_account_history WHERE list_name = @listName
            GROUP BY run_id, run_date ORDER BY run_id DESC LIMIT 20
            """, new { listName }).ToList();
        return new TargetAccountReportResult(list, accounts, history);
    }
}
