using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator;

/// <summary>Copies the configuration in force into the tenant database, where the procedures read it.</summary>
public static class TenantSettingsWriter
{
    public static void Write(MySqlConnection tenantConnection, TenantConfigVersion current)
    {
        var config = current.Config;
        using var tx = tenantConnection.BeginTransaction();
        tenantConnection.Execute("DELETE FROM cfg_tenant_settings", transaction: tx);
        tenantConnection.Execute("DELETE FROM cfg_tenant_list", transaction: tx);
        tenantConnection.Execute("DELETE FROM cfg_web_channel_conditions", transaction: tx);
        tenantConnection.Execute("DELETE FROM cfg_web_channel_rules", transaction: tx);
        tenantConnection.Execute("DELETE FROM cfg_engagement_weights", transaction: tx);
        tenantConnection.Execute("""
            INSERT INTO cfg_tenant_settings (id, config_version, revenue_field, cost_field, channel_field, account_tier_field,
              fiscal_year_start_month, time_zone, influence_path, lookback_days, time_decay_half_life_days, custom_x, custom_y,
              min_match_confidence, uses_stage_mapping, uses_responded_statuses, web_touches, web_touch_rule,
              engagement_decay, engagement_window_weeks, spike_k, spike_min_score, first_model, currency)
            VALUES (1, @Version, @RevenueField, @CostField, @ChannelField, @AccountTierField, @FiscalYearStartMonth, @TimeZone,
              @InfluencePath, @LookbackDays, @TimeDecayHalfLifeDays, @CustomX, @CustomY, @MinMatchConfidence,
              @UsesStageMapping, @UsesRespondedStatuses, @WebTouchesOn, @WebTouchRule,
              @EngagementDecay, @EngagementWindowWeeks, @SpikeK, @SpikeMinScore, @FirstModel, @Currency)
            """, new
        {
            current.Version, config.RevenueField, config.CostField, config.ChannelField, config.AccountTierField,
            config.FiscalYearStartMonth, config.TimeZone, config.InfluencePath, config.LookbackDays, config.TimeDecayHalfLifeDays,
            config.CustomX, config.CustomY, config.MinMatchConfidence, config.WebTouchesOn, config.WebTouchRule,
            config.EngagementDecay, config.EngagementWindowWeeks, config.SpikeK, config.SpikeMinScore, FirstModel = config.Models.FirstOrDefault(), config.Currency,
            UsesStageMapping = config.ClosedWonStages.Count > 0, UsesRespondedStatuses = config.RespondedStatuses.Count > 0,
        }, tx);
        var lists = new (string name, IReadOnlyList<string> values)[]
        {
            ("responded_statuses", config.RespondedStatuses), ("closed_won_stages", config.ClosedWonStages),
            ("closed_lost_stages", config.ClosedLostStages), ("models", config.Models),
        };
        tenantConnection.Execute("INSERT INTO cfg_tenant_list (list_name, value) VALUES (@name, @value)",
            lists.SelectMany(l => l.values.Distinct().Select(value => new { l.name, value })), tx);
        WriteChannelRules(tenantConnection, config.WebChannelRules, tx);
        tenantConnection.Execute("INSERT INTO cfg_engagement_weights (signal_name, weight) VALUES (@Key, @Value)", config.EngagementWeightTable(), tx);
        tx.Commit();
    }

    /// <summary>The web channel rules as rows: one per rule (its order, channel, name), one per (rule, alternative, field, value).</summary>
    static void WriteChannelRules(MySqlConnection c, IReadOnlyList<WebChannelRule> rules, MySqlTransaction tx)
    {
        c.Execute("INSERT INTO cfg_web_channel_rules (rule_no, channel, channel_name) VALUES (@rule, @Channel, @Name)",
            rules.Select((r, i) => new { rule = i + 1, r.Channel, r.Name }), tx);
        c.Execute("INSERT INTO cfg_web_channel_conditions (rule_no, clause_no, field, value) VALUES (@rule, @clause, @field, @value)",
            rules.SelectMany((r, i) => r.When.SelectMany((w, j) => w.Rows().Distinct().Select(row => new { rule = i + 1, clause = j + 1, field = row.Field, value = row.Value }))), tx);
    }
}
