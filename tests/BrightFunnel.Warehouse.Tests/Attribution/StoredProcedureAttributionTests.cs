using BrightFunnel.Warehouse.Testing;
using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Engines.MySql;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Tests.Attribution;

/// <summary>The hand-computed cases on the stored procedures (engine mysql).</summary>
[TestClass]
[TestCategory("integration")]
public sealed class StoredProcedureAttributionTests : HandComputedAttributionTests
{
    protected override void Attribute() => new MySqlAttributionEngine(tenant.ConnectionString).Attribute();

    [TestMethod]
    public void AFailedBuildLeavesThePreviousAttributionInPlace()
    {
        LoadJourney();
        using var c = tenant.Open();
        var before = c.ExecuteScalar<long>("SELECT COUNT(*) FROM at_credits");
        Assert.IsGreaterThan(0L, before);
        // Sabotage the next build: a procedure the build calls now fails.
        c.Execute("DROP PROCEDURE at_build_unattributed");
        Assert.ThrowsExactly<MySqlException>(() => new MySqlAttributionEngine(tenant.ConnectionString).Attribute());
        Assert.AreEqual(before, c.ExecuteScalar<long>("SELECT COUNT(*) FROM at_credits"));
    }

    [TestMethod]
    public void AnAttributionBuiltBeforeSharesMovedOntoThePairsSurvivesTheUpgrade()
    {
        LoadJourney();
        using var c = tenant.Open();
        const string credits = "SELECT opportunity_id, stage, model, touch_id, campaign_id, share, credit FROM at_credits ORDER BY 1, 2, 3, 4";
        var built = c.Query<(string, string, string, string, string, double, double)>(credits).ToList();
        Assert.IsGreaterThan(20, built.Count);

        // Back to the schema before 0007: credits in a table of their own, paths without shares,
        // no model definitions (0011), no position slots (0012) and no models as rows (0014); the upgrade replays all four.
        c.Execute("""
            CREATE TABLE at_credits_before AS SELECT * FROM at_credits;
            DROP VIEW at_credits, at_position_slot_weights, at_model_weights;
            DROP TABLE at_position_weights;
            CREATE TABLE at_credits (
              opportunity_id CHAR(18) NOT NULL, stage VARCHAR(8) NOT NULL, model VARCHAR(16) NOT NULL, touch_id CHAR(18) NOT NULL,
              campaign_id CHAR(18) NOT NULL, share DOUBLE NOT NULL, credit DOUBLE NOT NULL,
              PRIMARY KEY (opportunity_id, stage, model, touch_id), KEY ix_at_credits_campaign (campaign_id, stage, model)) ENGINE=InnoDB;
            INSERT INTO at_credits SELECT * FROM at_credits_before;
            DROP TABLE at_credits_before, at_models;
            ALTER TABLE at_paths DROP COLUMN amount, DROP COLUMN share_first_touch, DROP COLUMN share_last_touch, DROP COLUMN share_linear,
              DROP COLUMN share_w_shaped, DROP COLUMN share_full_path, DROP COLUMN share_time_decay,
              DROP COLUMN position_slot, DROP COLUMN position_slot_share;
            DELETE FROM schema_journal WHERE script_name LIKE '%0007_pair_shares.sql' OR script_name LIKE '%0011_model_definitions.sql'
              OR script_name LIKE '%0012_position_shares_at_read_time.sql' OR script_name LIKE '%0014_models_as_rows.sql';
            """);

        var upgrade = tenant.Migrations.Apply($"tenant:{tenant.Id.Value}");
        Assert.IsTrue(upgrade.All(o => o.Succeeded), string.Join("; ", upgrade.Select(o => o.Error)));
        CollectionAssert.AreEqual(new[] { "0007_pair_shares.sql", "0011_model_definitions.sql", "0012_position_shares_at_read_time.sql", "0014_models_as_rows.sql" },
            upgrade.SelectMany(o => o.Applied).Where(a => a.StartsWith("00", StringComparison.Ordinal)).ToList());
        var after = c.Query<(string, string, string, string, string, double, double)>(credits).ToList();
        Assert.HasCount(built.Count, after);
        for (var i = 0; i < built.Count; i++)
        {
            // Position shares are now slot weight × part of the slot: equal to the last bits.
            Assert.AreEqual(built[i] with { Item6 = 0, Item7 = 0 }, after[i] with { Item6 = 0, Item7 = 0 }, "every credit is where it was");
            Assert.AreEqual(built[i].Item6, after[i].Item6, 1e-12, $"share of {after[i]}");
            Assert.AreEqual(built[i].Item7, after[i].Item7, 1e-6, $"credit of {after[i]}");
        }
        Assert.AreEqual("VIEW", c.ExecuteScalar<string>("SELECT table_type FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'at_credits'"));
    }

    [TestMethod]
    public void TheEngineComparisonFindsEveryShareThatDiffers()
    {
        LoadJourney();
        using var c = tenant.Open();
        EngineComparison.Snapshot(c, "before");
        try
        {
            Attribute();
            EngineComparison.Snapshot(c, "after");
            Assert.IsEmpty(EngineComparison.Differences(c, "before", "after"));

            c.Execute("UPDATE cmp_after_at_paths SET share_w_shaped = share_w_shaped + 1e-6 WHERE stage = 'pipeline' AND position = 2");
            c.Execute("UPDATE cmp_after_at_paths SET share_first_touch = NULL WHERE stage = 'revenue' AND position = 1");
            var problems = EngineComparison.Differences(c, "before", "after");
            Assert.HasCount(2, problems, string.Join("\n", problems));
            Assert.IsTrue(problems.Any(p => p.Contains("pipeline") && p.Contains("w_shaped share")), string.Join("\n", problems));
            Assert.IsTrue(problems.Any(p => p.Contains("revenue") && p.Contains("first_touch share 1 vs none")), string.Join("\n", problems));
        }
        finally
        {
            EngineComparison.Drop(c, "before");
            EngineComparison.Drop(c, "after");
        }
    }
}
