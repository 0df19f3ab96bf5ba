using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator.Offload;

/// <summary>
/// Checks that two engines built the same attribution for a tenant: set aside what one built, run
/// the other, and list every difference — a missing or extra row, a share off by more than the
/// tolerance, a path position or date that differs. Used by the tests and by the bench.
/// </summary>
public static class EngineComparison
{
    // at_paths holds every model's share of each pair; the at_credits view reads it.
    static readonly string[] Tables = ["at_paths", "at_unattributed"];

    /// <summary>
    /// Moves the attribution in place aside into <c>cmp_{name}_*</c> tables (a rename: instant
    /// whatever the size) and leaves empty tables in its place for the next engine to replace.
    /// </summary>
    public static void Snapshot(MySqlConnection c, string name)
    {
        Drop(c, name);
        c.Execute("RENAME TABLE " + string.Join(", ", Tables.Select(t => $"`{t}` TO `{Copy(name, t)}`")));
        foreach (var t in Tables) c.Execute($"CREATE TABLE `{t}` LIKE `{Copy(name, t)}`");
    }

    public static void Drop(MySqlConnection c, string name) =>
        c.Execute($"DROP TABLE IF EXISTS {string.Join(", ", Tables.Select(t => $"`{Copy(name, t)}`"))}");

    /// <summary>What differs between the snapshot and the attribution in place (empty when they agree).</summary>
    public static IReadOnlyList<string> Differences(MySqlConnection c, string name, double tolerance = 1e-9)
    {
        var problems = new List<string>();
        foreach (var t in Tables)
        {
            var (before, now) = (c.ExecuteScalar<long>($"SELECT COUNT(*) FROM `{Copy(name, t)}`", commandTimeout: 0),
                c.ExecuteScalar<long>($"SELECT COUNT(*) FROM `{t}`", commandTimeout: 0));
            if (before != now) problems.Add($"{t}: {before} rows in the snapshot, {now} now");
        }
        Check(c, problems, "at_paths", $"""
            SELECT CONCAT(a.opportunity_id, ' ', a.stage, ' ', a.touch_id, ': t', a.position, '/', a.touch_count, ' on ', a.touch_date,
                          ' vs ', IFNULL(CONCAT('t', b.position, '/', b.touch_count, ' on ', b.touch_date), 'missing'))
            FROM `{Copy(name, "at_paths")}` a
            LEFT JOIN at_paths b ON b.opportunity_id = a.opportunity_id AND b.stage = a.stage AND b.touch_id = a.touch_id
            WHERE b.opportunity_id IS NULL OR b.position <> a.position OR b.touch_count <> a.touch_count OR b.touch_date <> a.touch_date
               OR b.campaign_id <> a.campaign_id OR b.person_id <> a.person_id OR b.amount <> a.amount
            """, tolerance);
        // Every model's share in one pass over the pairs (a join per model took minutes each at L).
        static string Differs(string share) => $"((a.{share} IS NULL) <> (b.{share} IS NULL) OR ABS(a.{share} - b.{share}) > @tolerance)";
        var shares = TenantConfig.AllModels.Select(m => (Model: m, Column: "share_" + m)).ToList();
        var which = string.Join(", ", shares.Select(s =>
            $"IF({Differs(s.Column)}, CONCAT('{s.Model} share ', IFNULL(a.{s.Column}, 'none'), ' vs ', IFNULL(b.{s.Column}, 'none')), NULL)"));
        var anyDiffers = string.Join(" OR ", shares.Select(s => Differs(s.Column)));
        Check(c, problems, "at_credits", $"""
            SELECT CONCAT(a.opportunity_id, ' ', a.stage, ' ', a.touch_id, ': ', CONCAT_WS('; ', {which}))
            FROM `{Copy(name, "at_paths")}` a
            JOIN at_paths b ON b.opportunity_id = a.opportunity_id AND b.stage = a.stage AND b.touch_id = a.touch_id
            WHERE {anyDiffers}
            """, tolerance);
        Check(c, problems, "at_unattributed", $"""
            SELECT CONCAT(a.opportunity_id, ' ', a.stage, ': ', a.amount, ' vs ', IFNULL(b.amount, 'missing'))
            FROM `{Copy(name, "at_unattributed")}` a
            LEFT JOIN at_unattributed b ON b.opportunity_id = a.opportunity_id AND b.stage = a.stage
            WHERE b.opportunity_id IS NULL OR b.amount <> a.amount
            """, tolerance);
        return problems;
    }

    static void Check(MySqlConnection c, List<string> problems, string table, string sql, double tolerance)
    {
        var found = c.Query<string>(sql + " LIMIT 5", new { tolerance }, commandTimeout: 0).ToList();
        problems.AddRange(found.Select(f => $"{table}: {f}"));
    }

    static string Copy(string name, string table) => $"cmp_{name}_{table}";
}
