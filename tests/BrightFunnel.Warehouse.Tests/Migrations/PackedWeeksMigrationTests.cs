using BrightFunnel.Warehouse.Migrations;
using Dapper;

namespace BrightFunnel.Warehouse.Tests.Migrations;

/// <summary>
/// Tenant 0034 and web 0018 against a database that applied the scripts before them as written: weeks packed
/// with dates become day numbers, packs already in day numbers stay, and the listed accounts' spikes are
/// filled from what the tenant holds. Run twice, they change nothing more.
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class PackedWeeksMigrationTests
{
    ScratchScripts scratch = null!;

    [TestInitialize]
    public void Setup() => scratch = new ScratchScripts("bft_pw_");

    [TestCleanup]
    public void Cleanup() => scratch.Dispose();

    /// <summary>The project's versioned scripts of <paramref name="kind"/> before <paramref name="before"/>, migrated.</summary>
    DatabaseMigrator MigratedBefore(string kind, string before)
    {
        foreach (var script in Directory.GetFiles(Path.Combine(TestServer.SqlRoot, kind), "00*.sql"))
            if (string.CompareOrdinal(Path.GetFileName(script), before) < 0) File.Copy(script, Path.Combine(scratch.Folder, Path.GetFileName(script)));
        var migrator = scratch.Migrator();
        migrator.Apply();
        return migrator;
    }

    void Add(string kind, string script) => File.Copy(Path.Combine(TestServer.SqlRoot, kind, script), Path.Combine(scratch.Folder, script));

    static string Unpacked(MySql.Data.MySqlClient.MySqlConnection c, string table, string key, string value) =>
        c.ExecuteScalar<string>($"SELECT CONVERT(UNCOMPRESS(series) USING utf8mb4) FROM {table} WHERE {key} = @value", new { value })!;

    const string DatePacked = "COMPRESS(CONCAT('2026-01-05', CHAR(9), '3', CHAR(9), '1.5', CHAR(10), '2026-01-12', CHAR(9), '0', CHAR(9), CHAR(92), 'N', CHAR(10)))";
    const string DayPacked = "COMPRESS(CONCAT('739986', CHAR(9), '4', CHAR(10)))";

    [TestMethod]
    public void TenantWeeksPackedWithDatesBecomeDayNumbersAndTheListedAccountsSpikesAreFilled()
    {
        var migrator = MigratedBefore("tenant", "0034");
        using (var c = TestServer.Open(scratch.Database))
            c.Execute($"""
                INSERT INTO an_target_account_weeks_packed (account_id, weeks, series) VALUES ('001000000000000AAA', 2, {DatePacked}), ('001000000000000BBB', 1, {DayPacked});
                INSERT INTO an_target_accounts (list_name, account_id, score, trend, engaged_this_quarter, open_pipeline, won_revenue, attributed_revenue)
                VALUES ('Tier 1', '001000000000000AAA', 1, '', 0, 0, 0, 0);
                INSERT INTO an_account_spikes (account_id, week_start, score, trailing_mean, trailing_sd, people, top_channel)
                VALUES ('001000000000000AAA', '2026-01-05', 3, 1, 0.5, 2, 'Email'), ('001000000000000BBB', '2026-01-05', 4, 1, 0.5, 1, NULL);
                INSERT INTO an_account_spike_causes (account_id, week_start, cause_kind, cause, points)
                VALUES ('001000000000000AAA', '2026-01-05', 'channel', 'Email', 2), ('001000000000000BBB', '2026-01-05', 'channel', 'Web', 1);
                """);
        Add("tenant", "0034_packed_weeks_as_day_numbers.sql");
        CollectionAssert.AreEqual(new[] { "0034_packed_weeks_as_day_numbers.sql" }, migrator.Apply().ToArray());

        using var db = TestServer.Open(scratch.Database);
        Assert.AreEqual("739986\t3\t1.5\n739993\t0\t\\N\n", Unpacked(db, "an_target_account_weeks_packed", "account_id", "001000000000000AAA"), "each date as TO_DAYS, the rest as it was");
        Assert.AreEqual("739986\t4\n", Unpacked(db, "an_target_account_weeks_packed", "account_id", "001000000000000BBB"), "a pack already in day numbers stays");
        CollectionAssert.AreEqual(new[] { "001000000000000AAA" }, db.Query<string>("SELECT account_id FROM an_target_account_spikes").ToList());
        CollectionAssert.AreEqual(new[] { "Email" }, db.Query<string>("SELECT cause FROM an_target_account_spike_causes").ToList());
    }

    [TestMethod]
    public void PublishedWeeksPackedWithDatesBecomeDayNumbers()
    {
        var migrator = MigratedBefore("web", "0018");
        using (var c = TestServer.Open(scratch.Database))
            c.Execute($"""
                INSERT INTO web_target_account_weeks_packed (tenant_id, version, account_id, weeks, series)
                VALUES ('acme', 1, '001000000000000AAA', 2, {DatePacked}), ('acme', 2, '001000000000000AAA', 1, {DayPacked});
                """);
        Add("web", "0018_packed_weeks_as_day_numbers.sql");
        CollectionAssert.AreEqual(new[] { "0018_packed_weeks_as_day_numbers.sql" }, migrator.Apply().ToArray());

        using var db = TestServer.Open(scratch.Database);
        CollectionAssert.AreEqual(new[] { "739986\t3\t1.5\n739993\t0\t\\N\n", "739986\t4\n" },
            db.Query<string>("SELECT CONVERT(UNCOMPRESS(series) USING utf8mb4) FROM web_target_account_weeks_packed ORDER BY version").ToList());
    }
}
