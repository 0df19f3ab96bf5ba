using BrightFunnel.Warehouse.Migrations;
using BrightFunnel.Warehouse.Orchestrator.Loading;
using Dapper;
using BrightFunnel.Warehouse.Orchestrator;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;
using BrightFunnel.Warehouse.Web.Data;

namespace BrightFunnel.Warehouse.Testing;

/// <summary>
/// Checks that two engines built the same attribution and analytics for a tenant: set aside what
/// one built (<c>cmp_{name}_*</c> tables in the tenant database), run the other, and list every
/// difference — a missing or extra row, a share or amount off by more than the tolerance, a path
/// position, date or milestone that differs. The cluster's pairs are fetched into such a copy for
/// the comparison only. Used by the tests and by the bench.
/// </summary>
public static class EngineComparison
{
    static readonly string[] AttributionTables = ["at_paths", "at_position_weights", "at_unattributed"];

    /// <summary>What the aggregate step builds; both engines must agree on every row.</summary>
    public static readonly string[] AnalyticsTables =
        ["an_campaign", "an_channel", "an_quarter", "an_account", "an_account_attribution", "an_campaign_quarter", "an_channel_quarter", "an_deals",
         "an_deal_paths", "an_campaign_deals"];

    /// <summary>
    /// Packed deal paths and campaigns' deal ids (sql/tenant/0024_packed_deal_paths.sql): the engines list
    /// the entries, ids and models in different orders and round sums of doubles added in different
    /// orders, so paths are compared entry by entry and model by model, to the cent, and ids as sets.
    /// Both are stored compressed (sql/tenant/0031_compressed_deal_paths.sql).
    /// </summary>
    static readonly Dictionary<string, string> PackedColumns = new() { ["an_deal_paths"] = "path", ["an_campaign_deals"] = "opportunity_ids" };

    /// <summary>
    /// Moves MySQL's attribution aside into <c>cmp_{name}_*</c> tables (a rename: instant whatever
    /// the size) and leaves empty tables in its place for the next engine to replace.
    /// </summary>
    public static void Snapshot(MySqlConnection c, string name)
    {
        DropAttribution(c, name);
        c.Execute("RENAME TABLE " + string.Join(", ", AttributionTables.Select(t => $"`{t}` TO `{Copy(name, t)}`")));
        foreach (var t in AttributionTables) c.Execute($"CREATE TABLE `{t}` LIKE `{Copy(name, t)}`");
    }

    /// <summary>Copies the analytics in place into <c>cmp_{name}_an_*</c>.</summary>
    public static void SnapshotAnalytics(MySqlConnection c, string name)
    {
        foreach (var t in AnalyticsTables)
            c.Execute($"DROP TABLE IF EXISTS `{Copy(name, t)}`; CREATE TABLE `{Copy(name, t)}` LIKE `{t}`; INSERT INTO `{Copy(name, t)}` SELECT * FROM `{t}`",
                commandTimeout: 0);
    }

    /// <summary>Fetches the tenant's pairs and unattributed rows from the cluster into <c>cmp_{name}_*</c> copies.</summary>
    public static async Task FetchFromClusterAsync(MySqlConnection c, ImpalaSettings impala, TenantId tenant, string name, CancellationToken ct = default)
    {
        DropAttribution(c, name);
        foreach (var t in AttributionTables) c.Execute($"CREATE TABLE `{Copy(name, t)}` LIKE `{t}`");
        var cluster = new ClusterAttribution(tenant);
        await using var session = await cluster.OpenAttributionAsync(impala, ct);
        var load = new ClusterResultLoad(session, c, impala.FetchSize);
        await load.LoadAsync($"SELECT * FROM {cluster.Qualified("at_paths")}", Copy(name, "at_paths"), ct,
            new Dictionary<string, string> { ["touch_day"] = "`touch_date` = FROM_DAYS(@touch_day)" });
        await load.LoadAsync($"SELECT * FROM {cluster.Qualified("at_position_weights")}", Copy(name, "at_position_weights"), ct);
        await load.LoadAsync($"SELECT * FROM {cluster.Qualified("at_unattributed")}", Copy(name, "at_unattributed"), ct);
    }

    static void DropAttribution(MySqlConnection c, string name) =>
        c.Execute($"DROP TABLE IF EXISTS {string.Join(", ", AttributionTables.Select(t => $"`{Copy(name, t)}`"))}");

    /// <summary>Drops every copy set aside under <paramref name="name"/>.</summary>
    public static void Drop(MySqlConnection c, string name) =>
        c.Execute($"DROP TABLE IF EXISTS {string.Join(", ", AttributionTables.Concat(AnalyticsTables).Select(t => $"`{Copy(name, t)}`"))}");

    /// <summary>What differs between two attributions set aside (empty when they agree).</summary>
    public static IReadOnlyList<string> Differences(MySqlConnection c, string expected, string actual, double tolerance = 1e-9)
    {
        var problems = new List<string>();
        foreach (var t in AttributionTables)
        {
            var (before, now) = (c.ExecuteScalar<long>($"SELECT COUNT(*) FROM `{Copy(expected, t)}`", commandTimeout: 0),
                c.ExecuteScalar<long>($"SELECT COUNT(*) FROM `{Copy(actual, t)}`", commandTimeout: 0));
            if (before != now) problems.Add($"{t}: {before} rows in {expected}, {now} in {actual}");
        }
        var (a, b) = (Copy(expected, "at_paths"), Copy(actual, "at_paths"));
        Check(c, problems, "at_paths", $"""
            SELECT CONCAT(a.opportunity_id, ' ', a.stage, ' ', a.touch_id, ': t', a.position, '/', a.touch_count, ' on ', a.touch_date, ' milestones ', IFNULL(a.milestones, '?'),
                          ' vs ', IFNULL(CONCAT('t', b.position, '/', b.touch_count, ' on ', b.touch_date, ' milestones ', IFNULL(b.milestones, '?')), 'missing'))
            FROM `{a}` a
            LEFT JOIN `{b}` b ON b.opportunity_id = a.opportunity_id AND b.stage = a.stage AND b.touch_id = a.touch_id
            WHERE b.opportunity_id IS NULL OR b.position <> a.position OR b.touch_count <> a.touch_count OR b.touch_date <> a.touch_date
               OR b.campaign_id <> a.campaign_id OR b.person_id <> a.person_id OR b.amount <> a.amount OR NOT (b.milestones <=> a.milestones)
               OR b.position_slot <> a.position_slot OR ABS(b.position_slot_share - a.position_slot_share) > @tolerance
            """, tolerance);
        // A position model's share is its slot weight × the pair's part of the slot: equal slots
        // (above) and equal weights (here) are equal shares.
        var (wa, wb) = (Copy(expected, "at_position_weights"), Copy(actual, "at_position_weights"));
        var weightColumns = new[] { "only_weight", "first_of_two_weight", "last_of_two_weight", "first_weight", "middle_weight", "last_weight" };
        Check(c, problems, "at_position_weights", $"""
            SELECT CONCAT(a.model, ': ', IF(b.model IS NULL, 'missing', CONCAT_WS(' ', {string.Join(", ", weightColumns.Select(w => $"a.{w}, b.{w}"))})))
            FROM `{wa}` a LEFT JOIN `{wb}` b ON b.model = a.model
            WHERE b.model IS NULL OR {string.Join(" OR ", weightColumns.Select(w => $"ABS(a.{w} - b.{w}) > @tolerance"))}
            """, tolerance);
        // Every model's share in one pass over the pairs (a join per model took minutes each at L).
        static string Differs(string share) => $"((a.{share} IS NULL) <> (b.{share} IS NULL) OR ABS(a.{share} - b.{share}) > @tolerance)";
        var shares = c.Query<string>("SELECT column_name FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'at_paths' AND column_name LIKE 'share\\_%' ORDER BY ordinal_position")
            .Select(column => (Model: column["share_".Length..], Column: column)).ToList();
        var which = string.Join(", ", shares.Select(s =>
            $"IF({Differs(s.Column)}, CONCAT('{s.Model} share ', IFNULL(a.{s.Column}, 'none'), ' vs ', IFNULL(b.{s.Column}, 'none')), NULL)"));
        var anyDiffers = string.Join(" OR ", shares.Select(s => Differs(s.Column)));
        Check(c, problems, "at_credits", $"""
            SELECT CONCAT(a.opportunity_id, ' ', a.stage, ' ', a.touch_id, ': ', CONCAT_WS('; ', {which}))
            FROM `{a}` a
            JOIN `{b}` b ON b.opportunity_id = a.opportunity_id AND b.stage = a.stage AND b.touch_id = a.touch_id
            WHERE {anyDiffers}
            """, tolerance);
        Check(c, problems, "at_unattributed", $"""
            SELECT CONCAT(a.opportunity_id, ' ', a.stage, ': ', a.amount, ' vs ', IFNULL(b.amount, 'missing'))
            FROM `{Copy(expected, "at_unattributed")}` a
            LEFT JOIN `{Copy(actual, "at_unattributed")}` b ON b.opportunity_id = a.opportunity_id AND b.stage = a.stage
            WHERE b.opportunity_id IS NULL OR b.amount <> a.amount
            """, tolerance);
        return problems;
    }

    /// <summary>
    /// What differs between the analytics set aside as <paramref name="expected"/> and those in
    /// place: rows missing on either side, and any column that differs — numbers by more than
    /// <paramref name="relative"/> of their size (sums of doubles in another order differ in the
    /// last bits), everything else exactly.
    /// </summary>
    public static IReadOnlyList<string> AnalyticsDifferences(MySqlConnection c, string expected, double relative = 1e-9)
    {
        var problems = new List<string>();
        foreach (var t in AnalyticsTables)
        {
            var columns = c.Query<(string name, string type, string key)>(
                "SELECT column_name, data_type, column_key FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = @t ORDER BY ordinal_position",
                new { t }).ToList();
            var keys = columns.Where(k => k.key == "PRI").Select(k => k.name).ToList();
            var join = string.Join(" AND ", keys.Select(k => $"b.{MySqlIdentifier.Quote(k)} = a.{MySqlIdentifier.Quote(k)}"));
            var keyText = $"CONCAT_WS(' ', {string.Join(", ", keys.Select(k => "a." + MySqlIdentifier.Quote(k)))})";
            var packed = PackedColumns.GetValueOrDefault(t);
            if (packed is not null) problems.AddRange(PackedDifferences(c, t, Copy(expected, t), keys, packed).Take(5));
            var differs = columns.Where(k => k.key != "PRI" && k.name != packed).Select(k =>
            {
                var (x, y) = ($"a.{MySqlIdentifier.Quote(k.name)}", $"b.{MySqlIdentifier.Quote(k.name)}");
                var numeric = k.type is "double" or "decimal" or "bigint" or "int" or "tinyint";
                var test = numeric
                    ? $"(({x} IS NULL) <> ({y} IS NULL) OR ABS({x} - {y}) > @relative * GREATEST(1, ABS({x})))"
                    : $"NOT ({x} <=> {y})";
                return (Test: test, Text: $"IF({test}, CONCAT('{k.name} ', IFNULL({x}, 'NULL'), ' vs ', IFNULL({y}, 'NULL')), NULL)");
            }).ToList();
            var copy = MySqlIdentifier.Quote(Copy(expected, t));
            Check(c, problems, t, $"""
                SELECT CONCAT({keyText}, ': ', IF(b.{MySqlIdentifier.Quote(keys[0])} IS NULL, 'missing', CONCAT_WS('; ', {string.Join(", ", differs.Select(d => d.Text))})))
                FROM {copy} a LEFT JOIN {MySqlIdentifier.Quote(t)} b ON {join}
                WHERE b.{MySqlIdentifier.Quote(keys[0])} IS NULL OR {string.Join(" OR ", differs.Select(d => d.Test))}
                """, relative);
            Check(c, problems, t, $"""
                SELECT CONCAT(CONCAT_WS(' ', {string.Join(", ", keys.Select(k => "b." + MySqlIdentifier.Quote(k)))}), ': extra')
                FROM {MySqlIdentifier.Quote(t)} b LEFT JOIN {copy} a ON {join}
                WHERE a.{MySqlIdentifier.Quote(keys[0])} IS NULL
                """, relative);
        }
        return problems;
    }

    static IEnumerable<string> PackedDifferences(MySqlConnection c, string table, string copy, IReadOnlyList<string> keys, string column)
    {
        // A path's credits are read in the order of its row's models.
        var models = column == "path" ? "models" : "''";
        Dictionary<string, (string Packed, string Models)> Read(string from) => c.Query<(string Key, string Packed, string Models)>(
                $"SELECT CONCAT_WS(' ', {string.Join(", ", keys.Select(MySqlIdentifier.Quote))}), CONVERT(UNCOMPRESS({MySqlIdentifier.Quote(column)}) USING utf8mb4), {models} FROM {MySqlIdentifier.Quote(from)}",
                commandTimeout: 0)
            .ToDictionary(r => r.Key, r => (r.Packed, r.Models));
        var (want, got) = (Read(copy), Read(table));
        foreach (var (key, (packed, packedModels)) in want)
        {
            if (!got.TryGetValue(key, out var theirs)) continue; // a missing row is reported with the other columns
            var (other, otherModels) = theirs;
            if (column == "opportunity_ids")
            {
                var (ids, otherIds) = (packed.Split(' ').ToHashSet(), other.Split(' ').ToHashSet());
                if (!ids.SetEquals(otherIds))
                    yield return $"{table}: {key}: {column}: {ids.Except(otherIds).Count()} missing, {otherIds.Except(ids).Count()} extra";
                continue;
            }
            var (a, b) = (PackedDealPaths.Entries(packed, packedModels).ToDictionary(e => e.CampaignId),
                PackedDealPaths.Entries(other, otherModels).ToDictionary(e => e.CampaignId));
            foreach (var id in a.Keys.Union(b.Keys))
            {
                if (!a.TryGetValue(id, out var x) || !b.TryGetValue(id, out var y))
                {
                    yield return $"{table}: {key}: {column} entry {id} {(a.ContainsKey(id) ? "missing" : "extra")}";
                    break;
                }
                var (cx, cy) = (x.Credits, y.Credits);
                var model = cx.Keys.Union(cy.Keys).FirstOrDefault(m => Math.Abs(cx.GetValueOrDefault(m) - cy.GetValueOrDefault(m)) > 0.011);
                if (x.Touches != y.Touches || x.First != y.First || x.Last != y.Last || model is not null)
                {
                    static string Text(Dictionary<string, double> credits) => string.Join(";", credits.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key}={k.Value}"));
                    yield return $"{table}: {key}: {column} entry {id}: {x.Touches} touches {x.First}..{x.Last} {Text(cx)} vs {y.Touches} touches {y.First}..{y.Last} {Text(cy)}";
                    break;
                }
            }
        }
    }

    static void Check(MySqlConnection c, List<string> problems, string table, string sql, double tolerance)
    {
        var found = c.Query<string>(sql + " LIMIT 5", new { tolerance, relative = tolerance }, commandTimeout: 0).ToList();
        problems.AddRange(found.Select(f => $"{table}: {f}"));
    }

    static string Copy(string name, string table) => $"cmp_{name}_{table}";
}
