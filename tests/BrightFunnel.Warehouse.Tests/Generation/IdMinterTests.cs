using BrightFunnel.Warehouse.Generation;
using BrightFunnel.Warehouse.Orchestrator;

namespace BrightFunnel.Warehouse.Tests.Generation;

[TestClass]
public sealed class IdMinterTests
{
    [TestMethod]
    [DataRow(IdMinter.AccountPrefix)]
    [DataRow(IdMinter.ContactPrefix)]
    [DataRow(IdMinter.LeadPrefix)]
    [DataRow(IdMinter.CampaignMemberPrefix)]
    public void MintsValidIncreasingUniqueIds(string prefix)
    {
        var minter = new IdMinter(prefix, 7);
        var ids = Enumerable.Range(0, 5_000).Select(i => minter.Get(i)).ToList();
        foreach (var id in ids)
        {
            Assert.AreEqual(18, id.Length);
            Assert.IsTrue(id.StartsWith(prefix, StringComparison.Ordinal));
            Assert.AreEqual(id, SalesforceId.To18(id[..15]));
        }
        for (var i = 1; i < ids.Count; i++) Assert.IsLessThan(0, string.CompareOrdinal(ids[i - 1], ids[i]));
        Assert.IsGreaterThan(3, ids.Select(id => id[15..]).Distinct().Count(), "suffixes vary");
    }

    [TestMethod]
    public void TheSameSeedMintsTheSameIdsAndAnotherSeedOthers()
    {
        Assert.AreEqual(new IdMinter("001", 1).Get(123), new IdMinter("001", 1).Get(123));
        Assert.AreNotEqual(new IdMinter("001", 1).Get(123), new IdMinter("001", 2).Get(123));
    }
}
