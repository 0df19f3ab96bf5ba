namespace BrightFunnel.Warehouse.Tests;

/// <summary>The guard that keeps the integration marking honest: fixtures refuse in a unit run and only there.</summary>
[TestClass]
public sealed class UnitRunTests
{
    [TestMethod]
    public void AUnitRunRefusesAndNamesTheMissingCategory()
    {
        var refused = Assert.ThrowsExactly<InvalidOperationException>(() => UnitRun.Refuse("1", "MariaDB"));
        StringAssert.Contains(refused.Message, "this test needs MariaDB: mark its class [TestCategory(\"integration\")]");
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("0")]
    public void AnyOtherRunLetsTheFixtureThrough(string? flag) => UnitRun.Refuse(flag, "MariaDB");
}
