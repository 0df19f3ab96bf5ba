using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.MySql;
using BrightFunnel.Warehouse.Orchestrator.Tenants;
using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Tests.Attribution;

/// <summary>
/// The MySQL engine checks the shares invariant both engines share (sql/shared/at_credits_invariant.sql)
/// on its shadow tables before it swaps them in: broken shares fail the attribution naming the
/// opportunity and model, and the attribution in force stays as it was.
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class MySqlInvariantTests
{
    TestTenant tenant = null!;

    [TestInitialize]
    public void Setup() => tenant = new TestTenant();

    [TestCleanup]
    public void Cleanup() => tenant.Dispose();

    [TestMethod]
    public void BrokenSharesFailBeforeTheSwapAndLeaveTheAttributionInForce()
    {
        using var c = tenant.Open();
        StoredProceduresAgreeWithReferenceTests.Write(c, StoredProceduresAgreeWithReferenceTests.RandomTenant(new Random(7)));
        TenantSettingsWriter.Write(c, new TenantConfigVersion(1, new TenantConfig(), DateTime.UtcNow, "test"));
        new MySqlAttributionEngine(tenant.ConnectionString).Attribute();
        var before = c.QuerySingle<(DateTime BuiltAt, long Pairs)>("SELECT built_at, path_rows FROM at_build_info WHERE id = 1");

        // linear gives every touch 2/N: every path of the model sums to 2.
        Replace(c, "at_build_credits", "1e0 / k.touch_count, NULL)", "2e0 / k.touch_count, NULL)");
        var e = Assert.ThrowsExactly<AttributionInvariantException>(() => new MySqlAttributionEngine(tenant.ConnectionString).Attribute());
        StringAssert.Contains(e.Message, "attribution invariant broken: shares of opportunity ");
        StringAssert.Matches(e.Message, new System.Text.RegularExpressions.Regex(@", linear\) sum to (2|1\.99999\d*), not 1 \(sql/shared/at_credits_invariant\.sql\)"));

        Assert.AreEqual(before, c.QuerySingle<(DateTime, long)>("SELECT built_at, path_rows FROM at_build_info WHERE id = 1"), "nothing swapped in");
        Assert.AreEqual(before.Pairs, c.ExecuteScalar<long>("SELECT COUNT(*) FROM at_paths"));
        Assert.AreEqual(0, c.ExecuteScalar<long>("SELECT COUNT(*) FROM at_paths WHERE share_linear > 0.5 AND touch_count > 1"), "the pairs in force keep their shares");
    }

    /// <summary>Re-creates a procedure with one piece of its text replaced, as a broken migration would leave it.</summary>
    static void Replace(MySqlConnection c, string procedure, string text, string with)
    {
        var create = (string)((IDictionary<string, object>)c.QuerySingle<dynamic>($"SHOW CREATE PROCEDURE {procedure}"))["Create Procedure"];
        StringAssert.Contains(create, text);
        c.Execute($"DROP PROCEDURE {procedure}");
        c.Execute(create.Replace(text, with));
    }
}
