using System.Globalization;
using System.Text.RegularExpressions;

namespace BrightFunnel.Warehouse.Tests.Attribution;

/// <summary>
/// The models' weights are data (at_models, migration 0011): neither engine's SQL may write one
/// out. Comments count too, since a weight repeated in a header goes stale when its row changes.
/// </summary>
[TestClass]
public sealed partial class ModelWeightLiteralTests
{
    /// <summary>A numeric literal, not part of an identifier (t1, at_paths_r${var:run}) or of a longer number.</summary>
    [GeneratedRegex(@"(?<![\w.])(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?(?![\w.])")]
    private static partial Regex NumericLiteral();

    /// <summary>
    /// Every literal that could be a weight: a fraction of one. Below a thousandth it is a
    /// tolerance (the invariant's 1e-9), never a weight; 1, 3 and 100 are counts and percent.
    /// </summary>
    static IEnumerable<string> WeightLiterals(string sql) =>
        NumericLiteral().Matches(sql).Select(m => m.Value)
            .Where(v => double.Parse(v, CultureInfo.InvariantCulture) is >= 1e-3 and < 1);

    [TestMethod]
    public void NeitherEnginesSqlWritesOutAWeight()
    {
        var root = TestServer.SqlRoot;
        var files = Directory.GetFiles(Path.Combine(root, "tenant", "procs"), "*.sql", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Path.Combine(root, "impala"), "*.sql", SearchOption.AllDirectories))
            .Concat(Directory.GetFiles(Path.Combine(root, "shared"), "*.sql", SearchOption.AllDirectories)).ToList();
        Assert.IsGreaterThan(20, files.Count, "the procedures and the Impala SQL are where the tests look");
        var found = files.SelectMany(f => File.ReadLines(f).Select((line, i) => (line, at: $"{Path.GetRelativePath(root, f)}:{i + 1}"))
                .SelectMany(l => WeightLiterals(l.line).Select(v => $"{l.at}: {v}")))
            .ToList();
        Assert.IsEmpty(found, "weight literals (read them from at_model_weights instead):\n" + string.Join("\n", found));
    }

    [TestMethod]
    [DataRow("WHEN k.position = 1 THEN 0.4e0", "0.4e0")]
    [DataRow("ELSE CAST(0.2 AS DOUBLE) / (k.touch_count - 2)", "0.2")]
    [DataRow("IF(p.stage = 'revenue', 0.225e0, 0.3e0) AS f_weight", "0.225e0,0.3e0")]
    [DataRow("-- milestones 0.3 each, .1 shared by the other touches", "0.3,.1")]
    [DataRow("k.w_held * 3e-1", "3e-1")]
    public void TheScanFindsAWeightHoweverItIsWritten(string line, string expected) =>
        CollectionAssert.AreEqual(expected.Split(','), WeightLiterals(line).ToList());

    [TestMethod]
    [DataRow("WHERE ABS(v.share_sum - 1e0) > 1e-9")]
    [DataRow("WHERE ABS(v.share_sum - 1) > 0.000000001")]
    [DataRow("(1e0 - 3e0 * w.w_pipeline) / (k.touch_count - k.w_touches), custom_x / 100e0, k.w_held / 3e0")]
    [DataRow("FROM ${var:tenant_db}.at_paths_r${var:run} -- t1 … tN, 2.8M rows at size M")]
    public void CountsToleranceAndIdentifiersAreNoWeights(string line) =>
        Assert.IsEmpty(WeightLiterals(line).ToList());
}
