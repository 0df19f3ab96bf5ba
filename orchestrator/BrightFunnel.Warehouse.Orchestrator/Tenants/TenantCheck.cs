using System.Globalization;
using System.Text.Json;
using BrightFunnel.Warehouse.Migrations;
using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator;

public enum Severity { Ok, Warning, Error }

public sealed record CheckFinding(string Topic, Severity Severity, string Message);

public sealed record TenantCheckReport(
    string Tenant, int ConfigVersion, IReadOnlyDictionary<string, long> RowsPerObject,
    IReadOnlyList<(string Measure, long Value)> Facts, IReadOnlyList<CheckFinding> Findings)
{
    public bool HasErrors => Findings.Any(f => f.Severity == Severity.Error);

    /// <summary>Whether any raw table has a row: without data there is nothing to check the configuration against.</summary>
    public bool HasData => RowsPerObject.Values.Any(v => v > 0);

    public IEnumerable<CheckFinding> Errors => Findings.Where(f => f.Severity == Severity.Error);

    /// <summary>One line for a run's error or a refused configuration: each FAIL with what to do.</summary>
    public string DescribeErrors() => string.Join("; ", Errors.Select(f => $"{f.Topic}: {f.Message}"));
}

/// <summary>
/// The set-up report an implementation engineer reads after the first ingest: what arrived, what
/// the attribution will have to work with, and whether the configured fields exist in the data.
/// </summary>
public sealed class TenantCheck(string tenantConnectionString)
{
    const int Sample = 2000;

    /// <summary>The finding of models the tenant database's at_models does not define.</summary>
    public const string ModelsTopic = "models";

    public TenantCheckReport Run(TenantId tenant, TenantConfigVersion current)
    {
        var config = current.Config;
        using var c = DbConnections.Tenant(tenantConnectionString);
        // The date ranges scan five raw tables (at L 1.5 s of a 3 s check) and depend on nothing else: they
        // are read on a connection of their own beside the rest, which runs one statement at a time.
        var dates = Task.Run(() =>
        {
            using var second = DbConnections.Tenant(tenantConnectionString);
            var found = new List<CheckFinding>();
            CheckDates(second, found);
            return found;
        });
        // The two largest raw tables are counted in the one scan that also gives their facts: InnoDB counts by
        // reading the whole table, and at L the campaign members' count alone took 0.6–1.6 s.
        var (members, responded, notResponded) = c.QuerySingle<(long, long, long)>(
            "SELECT COUNT(*), COALESCE(SUM(HasResponded = 1), 0), COALESCE(SUM(COALESCE(HasResponded, 0) = 0), 0) FROM raw_campaign_member");
        var (leads, converted, unconverted) = c.QuerySingle<(long, long, long)>(
            "SELECT COUNT(*), COALESCE(SUM(IsConverted = 1), 0), COALESCE(SUM(COALESCE(IsConverted, 0) = 0), 0) FROM raw_lead");
        var rows = new Dictionary<string, long>();
        foreach (var o in Ingest.SalesforceObject.All)
            rows[o.ApiName] = o.RawTable switch
            {
                "raw_campaign_member" => members,
                "raw_lead" => leads,
                _ => c.ExecuteScalar<long>($"SELECT COUNT(*) FROM {MySqlIdentifier.Quote(o.RawTable)}"),
            };
        var facts = new List<(string, long)>
        {
            ("rejected rows (raw_rejects)", c.ExecuteScalar<long>("SELECT COUNT(*) FROM raw_rejects")),
            ("opportunities with contact roles", c.ExecuteScalar<long>("SELECT COUNT(DISTINCT OpportunityId) FROM raw_opportunity_contact_role r JOIN raw_opportunity o ON o.Id = r.OpportunityId")),
            ("opportunities without contact roles", c.ExecuteScalar<long>("SELECT COUNT(*) FROM raw_opportunity o WHERE NOT EXISTS (SELECT 1 FROM raw_opportunity_contact_role r WHERE r.OpportunityId = o.Id)")),
            ("opportunities without account", c.ExecuteScalar<long>("SELECT COUNT(*) FROM raw_opportunity WHERE AccountId IS NULL")),
            ("campaign members responded", responded),
            ("campaign members not responded", notResponded),
            ("converted leads", converted),
            ("unconverted leads without account", unconverted),
        };

        var findings = new List<CheckFinding>();
        if (AttributionModels.Unknown(c, config.Models, ModelsTopic) is { } unknownModels)
            findings.Add(new(ModelsTopic, Severity.Error, unknownModels));
        if (rows.Values.All(v => v == 0))
            findings.Add(new("data", Severity.Error, "no rows in any raw table: run `bfw ingest` first"));
        CheckRevenueField(c, tenant, config, findings);
        CheckField(c, "raw_campaign", "channel_field", config.ChannelField, ["Type", "Status"], findings);
        CheckField(c, "raw_campaign", "cost_field", config.CostField, ["ActualCost", "BudgetedCost"], findings);
        CheckField(c, "raw_account", "account_tier_field", config.AccountTierField, ["Type", "Industry"], findings);
        // The configured values checked against the data: none of them can be judged without rows.
        if (rows["CampaignMember"] > 0) CheckResponded(c, tenant, config, findings);
        if (rows["Opportunity"] > 0)
        {
            CheckStages(c, tenant, config, findings);
            CheckAttributable(c, config, findings);
        }
        findings.AddRange(dates.GetAwaiter().GetResult());
        if (c.ExecuteScalar<string?>("SELECT CONVERT_TZ('2000-01-01 00:00:00', '+00:00', @tz)", new { tz = config.TimeZone }) is null)
            findings.Add(new("time_zone", Severity.Error, $"the server does not know time zone {config.TimeZone}: load its zone tables (mariadb-tzinfo-to-sql)"));
        return new TenantCheckReport(tenant.Value, current.Version, rows, facts, findings);
    }

    /// <summary>
    /// The amount every revenue figure is built from: an error when more than half the opportunities
    /// have none that is a number (canonicalize would count them as 0).
    /// </summary>
    static void CheckRevenueField(MySqlConnection c, TenantId tenant, TenantConfig config, List<CheckFinding> findings)
    {
        var field = config.RevenueField;
        var (total, present, numeric) = field == "Amount"
            ? c.QuerySingle<(long, long, long)>("SELECT COUNT(*), COUNT(Amount), COUNT(Amount) FROM raw_opportunity")
            : c.QuerySingle<(long, long, long)>($"""
                SELECT COUNT(*), COALESCE(SUM(v IS NOT NULL), 0), COALESCE(SUM(v REGEXP '{NumberPattern}'), 0)
                FROM (SELECT JSON_UNQUOTE(JSON_EXTRACT(extra, @path)) AS v FROM raw_opportunity) o
                """, new { path = JsonPath(field) });
        if (total == 0) return;
        var unusable = total - numeric;
        var notNumbers = present - numeric;
        var detail = $"{field} is a number on {numeric} of {total} opportunities"
                     + (notNumbers > 0 ? $" ({total - present} empty, {notNumbers} not a number)" : total > present ? $" ({total - present} empty)" : "");
        if (unusable * 2 <= total)
        {
            findings.Add(new("revenue_field", notNumbers > 0 ? Severity.Warning : Severity.Ok, detail));
            return;
        }
        var candidates = NumericCandidates(c, "raw_opportunity", ["Amount", "Probability"]).Where(x => x != field).ToList();
        findings.Add(new("revenue_field", Severity.Error,
            (present == 0 ? $"revenue field {field} is missing from every opportunity" : $"revenue field {field} is missing or not a number on {unusable} of {total} opportunities: {detail}")
            + $"; numeric candidates: {(candidates.Count == 0 ? "none" : string.Join(", ", candidates))}; set the right one with bfw tenant config {tenant} --set revenue_field=<field>"));
    }

    /// <summary>A decimal number as the exports write it (what CAST … AS DECIMAL reads without a warning).</summary>
    const string NumberPattern = @"^[[:space:]]*[-+]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][-+]?[0-9]+)?[[:space:]]*$";

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

    static void CheckResponded(MySqlConnection c, TenantId tenant, TenantConfig config, List<CheckFinding> findings)
    {
        if (config.RespondedStatuses.Count == 0) return;
        var statuses = c.Query<string>("SELECT DISTINCT Status FROM raw_campaign_member WHERE Status IS NOT NULL").ToHashSet(StringComparer.Ordinal);
        var missing = config.RespondedStatuses.Where(s => !statuses.Contains(s)).ToList();
        findings.Add(missing.Count > 0
            ? new("responded_statuses", Severity.Error,
                $"no campaign member has status {Quoted(missing)}; statuses found: {Quoted(statuses.Order(StringComparer.Ordinal))}; "
                + $"fix the spelling or remove it from responded_statuses (bfw tenant config {tenant} --set responded_statuses=...)")
            : new("responded_statuses", Severity.Ok, $"every responded status occurs: {Quoted(config.RespondedStatuses)}"));
    }

    /// <summary>A configured stage no opportunity has is a typo until proven otherwise: every revenue figure would be 0.</summary>
    static void CheckStages(MySqlConnection c, TenantId tenant, TenantConfig config, List<CheckFinding> findings)
    {
        if (config.ClosedWonStages.Count == 0) return;
        var stages = c.Query<string>("SELECT DISTINCT StageName FROM raw_opportunity WHERE StageName IS NOT NULL").ToHashSet(StringComparer.Ordinal);
        foreach (var (setting, configured) in new[] { ("closed_won_stages", config.ClosedWonStages), ("closed_lost_stages", config.ClosedLostStages) })
        {
            if (configured.Count == 0) continue;
            var missing = configured.Where(s => !stages.Contains(s)).ToList();
            findings.Add(missing.Count > 0
                ? new(setting, Severity.Error,
                    $"no opportunity has stage {Quoted(missing)}; stages found: {Quoted(stages.Order(StringComparer.Ordinal))}; "
                    + $"fix the spelling or remove it from {setting} (bfw tenant config {tenant} --set {setting}=...)")
                : new(setting, Severity.Ok, $"every stage occurs: {Quoted(configured)}"));
        }
    }

    /// <summary>
    /// Whether any opportunity would get credit at all, from the raw data, set-based: an
    /// approximation of the attribution's rules that is cheap enough to run before every cycle. It
    /// asks whether some opportunity has a responded campaign member (HasResponded, or a
    /// responded_statuses status) whose person reaches it through the configured influence path:
    /// for <c>account</c>, a contact of the opportunity's account or a lead converted into that
    /// account; for <c>contact_roles</c> (<c>primary_contact_role</c>: the primary one), a contact role's
    /// contact or a lead converted into it. It ignores dates (touch before the milestone, lookback)
    /// and the orphan lead finder's matches, so it can only miss a failure, never invent one —
    /// except for a tenant whose every credit comes through matched orphan leads.
    /// </summary>
    static void CheckAttributable(MySqlConnection c, TenantConfig config, List<CheckFinding> findings)
    {
        var responded = config.RespondedStatuses.Count == 0 ? "m.HasResponded = 1" : "m.Status IN @statuses";
        var reach = config.InfluencePath switch
        {
            "account" => """
                raw_opportunity o ON o.AccountId = COALESCE(ct.AccountId, l.ConvertedAccountId)
                """,
            _ => $"""
                raw_opportunity_contact_role r ON r.ContactId = COALESCE(m.ContactId, l.ConvertedContactId)
                {(config.InfluencePath == "primary_contact_role" ? "AND r.IsPrimary = 1" : "")}
                JOIN raw_opportunity o ON o.Id = r.OpportunityId
                """,
        };
        var any = c.ExecuteScalar<bool>($"""
            SELECT EXISTS (
              SELECT 1
              FROM raw_campaign_member m
              LEFT JOIN raw_lead l ON m.ContactId IS NULL AND l.Id = m.LeadId AND l.IsConverted = 1
              LEFT JOIN raw_contact ct ON ct.Id = COALESCE(m.ContactId, l.ConvertedContactId)
              JOIN {reach}
              WHERE {responded})
            """, new { statuses = config.RespondedStatuses }, commandTimeout: 0);
        findings.Add(any
            ? new("attribution", Severity.Ok, $"some opportunity has a responded touch through influence path {config.InfluencePath}")
            : new("attribution", Severity.Error,
                $"zero opportunities would be attributed: none has a responded campaign member reachable through influence path {config.InfluencePath} "
                + "(checked on the raw data, ignoring dates and orphan-lead matches); check responded_statuses and influence_path, "
                + "and that the exports carry CampaignMember, Contact/Lead and (for contact roles) OpportunityContactRole"));
    }

    static string Quoted(IEnumerable<string> values) => string.Join(", ", values.Select(v => $"'{v}'"));

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
