using System.Security.Cryptography;
using BrightFunnel.Warehouse.Console;
using BrightFunnel.Warehouse.Generation;
using BrightFunnel.Warehouse.Orchestrator;

namespace BrightFunnel.Warehouse.Tests.Generation;

[TestClass]
public sealed class GeneratorDeterminismTests
{
    readonly List<string> folders = [];

    [TestCleanup]
    public void Cleanup()
    {
        foreach (var f in folders.Where(Directory.Exists)) Directory.Delete(f, recursive: true);
    }

    string NewFolder()
    {
        var f = Path.Combine(Path.GetTempPath(), $"bfw-gen-{Guid.NewGuid():N}");
        folders.Add(f);
        return f;
    }

    static Dictionary<string, string> Hashes(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    [TestMethod]
    public void TheSameSeedWritesIdenticalBytesAndAnotherSeedDoesNot()
    {
        var a = NewFolder();
        var b = NewFolder();
        var c = NewFolder();
        TenantDataGenerator.Generate(new GenerationOptions(GeneratorSize.S, 99, a));
        TenantDataGenerator.Generate(new GenerationOptions(GeneratorSize.S, 99, b));
        TenantDataGenerator.Generate(new GenerationOptions(GeneratorSize.S, 100, c));
        var (ha, hb, hc) = (Hashes(a), Hashes(b), Hashes(c));
        Assert.HasCount(8, ha);
        CollectionAssert.AreEquivalent(ha.ToList(), hb.ToList());
        foreach (var file in ha.Keys) Assert.AreNotEqual(ha[file], hc[file], file);
    }

    [TestMethod]
    public void OverwritingAnExportGivesTheSameBytes()
    {
        var a = NewFolder();
        TenantDataGenerator.Generate(new GenerationOptions(GeneratorSize.S, 5, a));
        var first = Hashes(a);
        TenantDataGenerator.Generate(new GenerationOptions(GeneratorSize.S, 5, a));
        CollectionAssert.AreEquivalent(first.ToList(), Hashes(a).ToList());
    }

    (int Code, string Out, string Err) Bfw(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = new BfwConsole(new WarehouseSettings(), output, error).Run(args);
        return (code, output.ToString(), error.ToString());
    }

    [TestMethod]
    public void TheGenerateVerbPrintsASummaryTable()
    {
        var folder = NewFolder();
        var (code, stdout, stderr) = Bfw("generate", "acme", "--size", "s", "--seed", "3", "--out", folder);
        Assert.AreEqual(0, code, stderr);
        StringAssert.Contains(stdout, "seed 3");
        StringAssert.Contains(stdout, "CampaignMember.csv");
        StringAssert.Contains(stdout, "1,000");
        StringAssert.Contains(stdout, "total");
        Assert.IsTrue(File.Exists(Path.Combine(folder, "ground_truth", "orphan_leads_truth.csv")));
    }

    [TestMethod]
    [DataRow(new[] { "generate", "acme", "--size", "XL" }, "invalid size 'XL'")]
    [DataRow(new[] { "generate", "acme" }, "missing --size")]
    [DataRow(new[] { "generate", "Bad-Tenant", "--size", "S" }, "invalid tenant id")]
    [DataRow(new[] { "generate", "acme", "--size", "S", "--seed", "x" }, "--seed must be an integer")]
    [DataRow(new[] { "generate", "acme", "--size", "S", "--rows", "9" }, "unknown option --rows")]
    public void BadUsageExitsWithTwo(string[] args, string message)
    {
        var (code, _, stderr) = Bfw(args);
        Assert.AreEqual(2, code);
        StringAssert.Contains(stderr, message);
    }

    [TestMethod]
    public void SizesParseInAnyCase()
    {
        Assert.AreEqual(GeneratorSize.M, SizeProfile.ParseSize("m"));
        Assert.AreEqual(GeneratorSize.L, SizeProfile.ParseSize("Large"));
        Assert.ThrowsExactly<BadInputException>(() => SizeProfile.ParseSize(""));
    }
}
