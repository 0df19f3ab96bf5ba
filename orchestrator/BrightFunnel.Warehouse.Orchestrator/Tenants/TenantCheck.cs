using System.Globalization;
using System.Text.Json;
using BrightFunnel.Warehouse.Migrations;
using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator;

public enum Severity { Ok, Warning, Error }

public sealed record CheckFinding(string Topic, Severity Severity, string Message);

public sealed record TenantCheckReport(
    string Tenant, int ConfigVersion, IReadOnlyDictionary<string, long> RowsPerObject,
    IReadOnlyList<(string Measure, long Value)> Facts, IReadOnlyList<CheckFinding> Findings)
{
    public bool HasErrors => Findings.Any(f => f.Severity == Severity.Error);
}

/// <summary>
/// The set-up report an implementation engineer reads after the first ingest: what arrived, what
/// the attribution will have to work with, and whether the configured fields exist in the data.
/// </summary>
public sealed class TenantCheck(string tenantConnectionString)
{
    const int Sample = 2000;

    public TenantCheckReport Run(TenantId tenant, TenantConfigVersion current)
    {
        var config = current.Config;
        using var c = new MySqlConnection(tenantConnectionString);
        c.Open();
        var rows = new Dictionary<string, long>();
        foreach (var o in Ingest.SalesforceObject.All)
            rows[o.ApiName] = c.ExecuteScalar<long>($"SELECT COUNT(*) FROM {MySqlIdentifier.Quote(o.RawTable)}");

        var facts = new List<(string, long)>
        {
            ("rejected rows (raw_rejects)", c.ExecuteScalar<long>("SELECT COUNT(*) FROM raw_rejects")),
            ("opportunities with contact roles", c.ExecuteScalar<long>("SELECT COUNT(DISTINCT OpportunityId) FROM raw_opportunity_contact_role r JOIN raw_opportunity o ON o.Id = r.OpportunityId")),
            ("opportunities without contact roles", c.ExecuteScalar<long>("SELECT COUNT(*) FROM raw_opportunity o WHERE NOT EXISTS (SELECT 1 FROM raw_opportunity_contact_role r WHERE r.OpportunityId = o.Id)")),
            ("opportunities without account", c.ExecuteScalar<long>("SELECT COUNT(*) FROM raw_opportunity WHERE AccountId IS NULL")),
            ("campaign members responded", c.ExecuteScalar<long>("SELECT COUNT(*) FROM raw_campaign_member WHERE HasResponded = 1")),
            ("campaign members not responded", c.ExecuteScalar<long>("SELECT COUNT(*) FROM raw_campaign_member WHERE COALESCE(HasResponded, 0) = 0")),
            ("converted leads", c.ExecuteScalar<long>("SELECT COUNT(*) FROM raw_lead WHERE IsConverted = 1")),
            ("unconverted leads without account", c.ExecuteScalar<long>("SELECT COUNT(*) FROM raw_lead WHERE COALESCE(IsConverted, 0) = 0")),
        };

        var findings = new List<CheckFinding>();
        if (rows.Values.All(v => v == 0))
            findings.Add(new("data", Severity.Error, "no rows in any raw table: run `bfw ingest` first"));
        CheckRevenueField(c, config, findings);
        CheckField(c, "raw_campaign", "channel_field", config.ChannelField, ["Type", "Status"], findings);
        CheckField(c, "raw_campaign", "cost_field", config.CostField, ["ActualCost", "BudgetedCost"], findings);
        CheckField(c, "raw_account", "account_tier_field", config.AccountTierField, ["Type", "Industry"], findings);
        CheckResponded(c, config, findings);
        CheckStages(c, config, findings);
        CheckDates(c, findings);
        if (c.ExecuteScalar<string?>("SELECT CONVERT_TZ('2000-01-01 00:00:00', '+00:00', @tz)", new { tz = config.TimeZone }) is null)
            findings.Add(new("time_zone", Severity.Error, $"the server does not know time zone {config.TimeZone}: load its zone tables (mariadb-tzinfo-to-sql)"));
        return new TenantCheckReport(tenant.Value, current.Version, rows, facts, findings);
    }

    static void CheckRevenueField(MySqlConnection c, TenantConfig config, List<CheckFinding> findings)
    {
        var field = config.RevenueField;
        var present = field == "Amount"
            ? c.ExecuteScalar<long>("SELECT COUNT(*) FROM raw_opportunity WHERE Amount IS NOT NULL")
            : c.ExecuteScalar<long>("SELECT COUNT(*) FROM raw_opportunity WHERE JSON_EXTRACT(extra, @path) IS NOT NULL", new { path = JsonPath(field) });
        var total = c.ExecuteScalar<long>("SELECT COUNT(*) FROM raw_opportunity");
        if (total == 0) return;
        if (present > 0)
        {
            findings.Add(new("revenue_field", Severity.Ok, $"{field} present on {present} of {total} opportunities"));
            return;
        }
        var candidates = NumericCandidates(c, "raw_opportunity", ["Amount", "Probability"]);
        findings.Add(new("revenue_field", Severity.Error,
            $"revenue field {field} is missing from every opportunity; numeric candidates: {(candidates.Count == 0 ? "none" : string.Join(", ", candidates))}"));
    }

    /// <summary>Typed numeric columns with values, then custom fields whose sampled values are all numbers.</summary>
    static List<string> NumericCandidates(MySqlConnection c, string table, string[] typedNumeric)
    {
        var candidates = typedNumeric
            .Where(col => c.ExecuteScalar<long>($"SELECT COUNT(*) FROM {MySqlIdentifier.Quote(table)} WHERE {MySqlIdentifier.Quote(col)} IS NOT NULL") > 0)
            .ToList();
        var numeric = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var extra in c.Query<string>($"SELECT extra FROM {MySqlIdentifier.Quote(table)} WHERE extra IS NOT NULL LIMIT {Sample}"))
        {
            using var doc = JsonDocument.Parse(extra);
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                var isNumber = p.Value.ValueKind == JsonValueKind.String
                               && decimal.TryParse(p.Value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out _);
                numeric[p.Name] = numeric.GetValueOrDefault(p.Name, true) && isNumber;
            }
        }
        candidates.AddRange(numeric.Where(kv => kv.Value).Select(kv => kv.Key).Order(StringComparer.Ordinal));
        return candidates;
    }

    static void CheckField(MySqlConnection c, string table, string setting, string field, string[] typed, List<CheckFinding> findings)
    {
        var t = MySqlIdentifier.Quote(table);
        var total = c.ExecuteScalar<long>($"SELECT COUNT(*) FROM {t}");
        if (total == 0) return;
        var present = typed.Contains(field)
            ? c.ExecuteScalar<long>($"SELECT COUNT(*) FROM {t} WHERE {MySqlIdentifier.Quote(field)} IS NOT NULL")
            : c.ExecuteScalar<long>($"SELECT COUNT(*) FROM {t} WHERE JSON_EXTRACT(extra, @path) IS NOT NULL", new { path = JsonPath(field) });
        findings.Add(present > 0
            ? new(setting, Severity.Ok, $"{field} present on {present} of {total} rows of {table}")
            : new(setting, Severity.Warning, $"{field} is empty on every row of {table}"));
    }

    static void CheckResponded(MySqlConnection c, TenantConfig config, List<CheckFinding> findings)
    {
        if (config.RespondedStatuses.Count == 0) return;
        var statuses = c.Query<string>("SELECT DISTINCT Status FROM raw_campaign_member WHERE Status IS NOT NULL").ToHashSet(StringComparer.Ordinal);
        var missing = config.RespondedStatuses.Where(s => !statuses.Contains(s)).ToList();
        if (missing.Count > 0)
            findings.Add(new("responded_statuses", Severity.Warning,
                $"no member has status {string.Join(", ", missing)}; statuses found: {string.Join(", ", statuses.Order(StringComparer.Ordinal))}"));
    }

    static void CheckStages(MySqlConnection c, TenantConfig config, List<CheckFinding> findings)
    {
        if (config.ClosedWonStages.Count == 0) return;
        var stages = c.Query<string>("SELECT DISTINCT StageName FROM raw_opportunity WHERE StageName IS NOT NULL").ToHashSet(StringComparer.Ordinal);
        var missing = config.ClosedWonStages.Concat(config.ClosedLostStages).Where(s => !stages.Contains(s)).ToList();
        if (missing.Count > 0)
            findings.Add(new("stage_mapping", Severity.Warning,
                $"no opportunity has stage {string.Join(", ", missing)}; stages found: {string.Join(", ", stages.Order(StringComparer.Ordinal))}"));
    }

    static void CheckDates(MySqlConnection c, List<CheckFinding> findings)
    {
        foreach (var (table, column) in new[] { ("raw_opportunity", "CreatedDate"), ("raw_opportunity", "CloseDate"), ("raw_campaign_member", "CreatedDate"), ("raw_lead", "CreatedDate"), ("raw_contact", "CreatedDate") })
        {
            var range = c.QuerySingle<(DateTime? min, DateTime? max, long nulls)>(
                $"SELECT MIN({column}), MAX({column}), SUM({column} IS NULL) FROM {table}");
            if (range.min is null) continue;
            findings.Add(new("dates", range.nulls > 0 ? Severity.Warning : Severity.Ok,
                $"{table}.{column} from {range.min:yyyy-MM-dd} to {range.max:yyyy-MM-dd}" + (range.nulls > 0 ? $", {range.nulls} empty" : "")));
        }
    }

    static string JsonPath(string field) => $"$.\"{field}\"";
}
