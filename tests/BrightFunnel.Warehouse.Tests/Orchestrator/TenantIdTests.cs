using BrightFunnel.Warehouse.Orchestrator;

namespace BrightFunnel.Warehouse.Tests.Orchestrator;

[TestClass]
public sealed class TenantIdTests
{
    [TestMethod]
    [DataRow("acme")]
    [DataRow("a1")]
    [DataRow("big_customer_2024")]
    [DataRow("abcdefghijklmnopqrstuvwxyz01234")]
    public void AcceptsValidIds(string id) => Assert.AreEqual("bf_t_" + id, TenantId.Parse(id).DatabaseName);

    [TestMethod]
    [DataRow("")]
    [DataRow("a")]
    [DataRow("Acme")]
    [DataRow("1acme")]
    [DataRow("_acme")]
    [DataRow("acme-corp")]
    [DataRow("acme;drop database x")]
    [DataRow("acme`")]
    [DataRow("abcdefghijklmnopqrstuvwxyz012345")]
    [DataRow("events")]
    [DataRow(null)]
    public void RefusesEverythingElse(string? id)
    {
        var e = Assert.ThrowsExactly<BadInputException>(() => TenantId.Parse(id));
        StringAssert.Contains(e.Message, "invalid tenant id");
    }
}
