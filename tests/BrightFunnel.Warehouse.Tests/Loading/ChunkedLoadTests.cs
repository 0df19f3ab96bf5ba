using System.Text;
using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Ingest;
using Dapper;

namespace BrightFunnel.Warehouse.Tests.Loading;

/// <summary>
/// The load runs in chunks while validation goes on; with two rows per chunk a few rows cross
/// several chunk boundaries, so these check that chunking changes nothing a caller can see.
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class ChunkedLoadTests
{
    TestTenant tenant = null!;
    string folder = "";

    [TestInitialize]
    public void Setup()
    {
        tenant = new TestTenant();
        folder = Directory.CreateTempSubdirectory("bfw-exports-").FullName;
    }

    [TestCleanup]
    public void Cleanup()
    {
        tenant.Dispose();
        Directory.Delete(folder, true);
    }

    IngestFileResult Load(string text)
    {
        var path = Path.Combine(folder, "Lead.csv");
        File.WriteAllText(path, text, new UTF8Encoding(false));
        using var c = tenant.Open();
        return new ExportFileLoader(c, rowsPerChunk: 2).Load(path);
    }

    static string Leads(params string[] rows) => "Id,LastName,Company,SystemModstamp,IsDeleted\n" + string.Join("\n", rows) + "\n";

    static string Lead(int n, string name, string modstamp = "2020-01-01T00:00:00.000Z", bool deleted = false) =>
        $"{SalesforceId.To18($"00Q0000000000{n:D2}")},{name},Acme,{modstamp},{(deleted ? "true" : "false")}";

    List<(string id, string name)> Rows()
    {
        using var c = tenant.Open();
        return c.Query<(string, string)>("SELECT Id, LastName FROM raw_lead ORDER BY Id").ToList();
    }

    [TestMethod]
    public void FirstLoadOverSeveralChunksKeepsEveryGoodRowAndDropsTheDeleted()
    {
        var result = Load(Leads(Lead(1, "A"), Lead(2, "B"), "bad-id,X,Acme,,false", Lead(3, "C", deleted: true), Lead(4, "D"), Lead(5, "E"), Lead(6, "F")));

        Assert.AreEqual(new IngestFileResult("Lead.csv", "Lead", 7, 6, 1, 1), result);
        CollectionAssert.AreEqual(new[] { "A", "B", "D", "E", "F" }, Rows().Select(r => r.name).ToArray());
        using var c = tenant.Open();
        Assert.AreEqual("Lead.csv", c.ExecuteScalar<string>("SELECT DISTINCT _source_file FROM raw_lead"));
        Assert.AreEqual(1L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM raw_rejects WHERE source_file = 'Lead.csv'"));
    }

    [TestMethod]
    public void TruncatedFirstLoadLeavesTheRawTableEmptyThoughEarlierChunksWereLoaded()
    {
        Assert.ThrowsExactly<BadInputException>(() => Load(Leads(Lead(1, "A"), Lead(2, "B"), Lead(3, "C"), Lead(4, "D"), Lead(5, "E")) + "00Q000000000006AAA,\"Tru"));

        Assert.AreEqual(0, Rows().Count);
    }

    [TestMethod]
    public void TruncatedReloadLeavesTheRawTableAsItWas()
    {
        Load(Leads(Lead(1, "A"), Lead(2, "B")));

        Assert.ThrowsExactly<BadInputException>(() => Load(Leads(Lead(1, "A2", "2021-01-01T00:00:00.000Z"), Lead(3, "C"), Lead(4, "D"), Lead(5, "E")) + "00Q000000000006AAA,\"Tru"));

        CollectionAssert.AreEqual(new[] { "A", "B" }, Rows().Select(r => r.name).ToArray());
    }

    [TestMethod]
    public void ReloadOverSeveralChunksMergesByModstamp()
    {
        Load(Leads(Lead(1, "A"), Lead(2, "B"), Lead(3, "C")));

        var result = Load(Leads(Lead(1, "A2", "2021-01-01T00:00:00.000Z"), Lead(2, "B-old", "2019-01-01T00:00:00.000Z"),
            Lead(3, "C", "2021-01-01T00:00:00.000Z", deleted: true), Lead(4, "D"), Lead(5, "E")));

        Assert.AreEqual(new IngestFileResult("Lead.csv", "Lead", 5, 5, 0, 1), result);
        CollectionAssert.AreEqual(new[] { "A2", "B", "D", "E" }, Rows().Select(r => r.name).ToArray());
    }
}
