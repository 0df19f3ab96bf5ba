using BrightFunnel.Warehouse.Orchestrator.Matching;
using BrightFunnel.Warehouse.Testing;

namespace BrightFunnel.Warehouse.Tests.Matching;

[TestClass]
public sealed class MatchQualityTests
{
    static LeadAccountMatch M(string lead, string account, MatchConfidence confidence) =>
        new(lead, account, confidence, 1, MatchMethod.Domain, false, "x");

    [TestMethod]
    public void PrecisionAndRecallPerLevel()
    {
        var truth = new Dictionary<string, string?>
        {
            ["L1"] = "A", ["L2"] = "B", ["L3"] = "C", ["L4"] = "D", ["L5"] = null, ["L6"] = null,
        };
        var matches = new[]
        {
            M("L1", "A", MatchConfidence.High),     // right
            M("L2", "X", MatchConfidence.High),     // wrong account
            M("L3", "C", MatchConfidence.Medium),   // right
            M("L5", "E", MatchConfidence.Medium),   // lead has no account
            M("L4", "D", MatchConfidence.Low),      // right
            M("L9", "A", MatchConfidence.Low),      // not in the truth: wrong
        };
        var q = MatchQuality.Evaluate(matches, truth);
        Assert.AreEqual(new MatchQualityLevel(MatchConfidence.High, 2, 1, 4), q.At(MatchConfidence.High));
        Assert.AreEqual(0.5, q.At(MatchConfidence.High).Precision);
        Assert.AreEqual(0.25, q.At(MatchConfidence.High).Recall);
        Assert.AreEqual(0.5, q.At(MatchConfidence.Medium).Precision);
        Assert.AreEqual(0.5, q.At(MatchConfidence.Medium).Recall);
        Assert.AreEqual(3.0 / 6, q.At(MatchConfidence.Low).Precision);
        Assert.AreEqual(0.75, q.At(MatchConfidence.Low).Recall);
    }

    [TestMethod]
    public void NoMatchesAndNoTruthAreNotDivisionsByZero()
    {
        var q = MatchQuality.Evaluate([], new Dictionary<string, string?> { ["L1"] = null });
        Assert.AreEqual(1.0, q.At(MatchConfidence.Medium).Precision);
        Assert.AreEqual(1.0, q.At(MatchConfidence.Medium).Recall);
    }
}
