using BrightFunnel.Warehouse.Orchestrator.Cycle;
using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Tests.Attribution;

/// <summary>The hand-computed cases on the stored procedures (engine mysql).</summary>
[TestClass]
public sealed class StoredProcedureAttributionTests : HandComputedAttributionTests
{
    protected override void Attribute() => new AttributeStep(tenant.ConnectionString).RunOnMySql();

    [TestMethod]
    public void AFailedBuildLeavesThePreviousAttributionInPlace()
    {
        LoadJourney();
        using var c = tenant.Open();
        var before = c.ExecuteScalar<long>("SELECT COUNT(*) FROM at_credits");
        Assert.IsGreaterThan(0L, before);
        // Sabotage the next build: a procedure the build calls now fails.
        c.Execute("DROP PROCEDURE at_build_unattributed");
        Assert.ThrowsExactly<MySqlException>(() => new AttributeStep(tenant.ConnectionString).RunOnMySql());
        Assert.AreEqual(before, c.ExecuteScalar<long>("SELECT COUNT(*) FROM at_credits"));
    }
}
