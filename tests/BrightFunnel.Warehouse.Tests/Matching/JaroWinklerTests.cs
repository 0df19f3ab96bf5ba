using BrightFunnel.Warehouse.Orchestrator.Matching;

namespace BrightFunnel.Warehouse.Tests.Matching;

[TestClass]
public sealed class JaroWinklerTests
{
    // Published values (Winkler 1990 and the usual textbook examples), rounded to 3 decimals.
    [TestMethod]
    [DataRow("MARTHA", "MARHTA", 0.944, 0.961)]
    [DataRow("DWAYNE", "DUANE", 0.822, 0.840)]
    [DataRow("DIXON", "DICKSONX", 0.767, 0.813)]
    [DataRow("CRATE", "TRACE", 0.733, 0.733)]
    public void KnownValues(string a, string b, double jaro, double jaroWinkler)
    {
        Assert.AreEqual(jaro, JaroWinkler.Jaro(a, b), 0.0005);
        Assert.AreEqual(jaroWinkler, JaroWinkler.Similarity(a, b), 0.0005);
        Assert.AreEqual(JaroWinkler.Similarity(a, b), JaroWinkler.Similarity(b, a), 1e-12, "symmetric");
    }

    [TestMethod]
    public void EdgeCases()
    {
        Assert.AreEqual(1.0, JaroWinkler.Similarity("acme", "acme"));
        Assert.AreEqual(1.0, JaroWinkler.Similarity("", ""));
        Assert.AreEqual(0.0, JaroWinkler.Similarity("acme", ""));
        Assert.AreEqual(0.0, JaroWinkler.Similarity("", "acme"));
        Assert.AreEqual(0.0, JaroWinkler.Similarity("abc", "xyz"));
        Assert.AreEqual(0.0, JaroWinkler.Similarity("a", "b"));
        Assert.IsLessThan(1.0, JaroWinkler.Similarity("Acme", "acme"), "ordinal: callers normalize case");
    }

    [TestMethod]
    public void NoPrefixBonusBelowTheBoostThreshold()
    {
        // "abcdxyz" / "abcdqrs": Jaro = (4/7 + 4/7 + 1) / 3 = 0.714 ≥ 0.7 → bonus applies.
        Assert.AreEqual(0.714 + 0.4 * (1 - 0.714), JaroWinkler.Similarity("abcdxyz", "abcdqrs"), 0.001);
        // "abxyzqrs" / "abmnopuv": Jaro = (2/8 + 2/8 + 1) / 3 = 0.5 < 0.7 → no bonus.
        Assert.AreEqual(0.5, JaroWinkler.Similarity("abxyzqrs", "abmnopuv"), 1e-12);
    }

    [TestMethod]
    public void LongStringsUseHeapFlags()
    {
        var a = new string('a', 300) + "b";
        var b = new string('a', 300) + "c";
        Assert.AreEqual(JaroWinkler.Similarity(a, b), JaroWinkler.Similarity(b, a), 1e-12);
        Assert.IsGreaterThan(0.99, JaroWinkler.Similarity(a, b));
    }
}
