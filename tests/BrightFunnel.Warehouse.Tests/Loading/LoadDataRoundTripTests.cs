using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Impala.Types;
using BrightFunnel.Warehouse.Orchestrator.Loading;
using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Tests.Loading;

/// <summary>
/// Every value that needs escaping, written by both writers and loaded by MariaDB's real
/// LOAD DATA LOCAL (<see cref="BulkLoad"/>), comes back exactly as it was.
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class LoadDataRoundTripTests
{
    static readonly (string? value, string field)[] Values = [.. LoadDataEscapingTests.Fields, (LoadDataEscapingTests.Long, "")];

    string db = "";
    MySqlConnection mysql = null!;

    [TestInitialize]
    public void Setup()
    {
        db = TestServer.CreateDatabase("bft_ldrt_");
        mysql = TestServer.Open(db);
        mysql.Execute("CREATE TABLE loaded (id BIGINT PRIMARY KEY, txt MEDIUMTEXT CHARACTER SET utf8mb4 NULL, tail VARCHAR(10) NOT NULL)");
    }

    [TestCleanup]
    public void Cleanup()
    {
        mysql.Dispose();
        TestServer.DropDatabases(db);
    }

    [TestMethod]
    public void EveryEscapedValueSurvivesALoadFile()
    {
        var path = Path.GetTempFileName();
        try
        {
            using (var w = new TsvFileWriter(path))
                for (var i = 0; i < Values.Length; i++)
                {
                    w.Value(i.ToString());
                    w.Value(Values[i].value);
                    w.Value("last");
                    w.EndRow();
                }
            Assert.AreEqual(Values.Length, BulkLoad.FromTsv(mysql, "`loaded`", ["`id`", "`txt`", "`tail`"], path));
        }
        finally
        {
            File.Delete(path);
        }
        AssertLoadedAsWritten();
    }

    [TestMethod]
    public void EveryEscapedValueSurvivesAClusterResult()
    {
        using var text = new MemoryStream();
        var writer = new Hs2BatchTextWriter(text);
        writer.Write(LoadDataEscapingTests.Batch(0, [.. Values.Select((v, i) => ((long)i, v.value))]));
        writer.Flush();
        text.Position = 0;

        Assert.AreEqual(Values.Length, BulkLoad.FromStream(mysql, "`loaded`", ["`id`", "`txt`", "`tail`"], text));
        AssertLoadedAsWritten();
    }

    [TestMethod]
    public void EveryByteSurvivesABinaryColumn()
    {
        mysql.Execute("CREATE TABLE bytes (id BIGINT PRIMARY KEY, b BLOB NULL)");
        var all = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var nulls = Hs2NullMask.Encode([false, true]);
        var batch = new Hs2Batch(0, 2,
        [
            new Hs2Column(new Hs2ColumnInfo("id", 0, ImpalaType.BigInt), new List<long> { 1, 2 }, new Hs2NullMask(null)),
            new Hs2Column(new Hs2ColumnInfo("b", 1, ImpalaType.Binary), new List<byte[]> { all, Array.Empty<byte>() }, new Hs2NullMask(nulls)),
        ]);
        using var text = new MemoryStream();
        var writer = new Hs2BatchTextWriter(text);
        writer.Write(batch);
        writer.Flush();
        text.Position = 0;

        Assert.AreEqual(2, BulkLoad.FromStream(mysql, "`bytes`", ["`id`", "`b`"], text));
        CollectionAssert.AreEqual(all, mysql.ExecuteScalar<byte[]>("SELECT b FROM bytes WHERE id = 1"));
        Assert.IsNull(mysql.ExecuteScalar<byte[]?>("SELECT b FROM bytes WHERE id = 2"));
    }

    [TestMethod]
    public void ACompressedColumnReadsBackThroughUncompressAndTheOthersStayText()
    {
        // The deal paths' way into MySQL: the work table's compressed column (CompressedText) is written
        // compressed, every other column as it came, and MariaDB's UNCOMPRESS() gives back the text.
        mysql.Execute("CREATE TABLE an_deal_path_work (id BIGINT PRIMARY KEY, path LONGBLOB NULL, tail VARCHAR(10) NOT NULL)");
        var texts = Values.Select(v => v.value).Append(string.Concat(Enumerable.Repeat("7015u0000469pWGAAY|2|738921|738940|;;1497.56; ", 2000))).ToList();
        using var text = new MemoryStream();
        var writer = new Hs2BatchTextWriter(text, CompressedText.ColumnOf("an_deal_path_work"));
        writer.Write(LoadDataEscapingTests.Batch(0, "path", [.. texts.Select((v, i) => ((long)i, v))]));
        writer.Flush();
        text.Position = 0;

        Assert.AreEqual(texts.Count, BulkLoad.FromStream(mysql, "`an_deal_path_work`", ["`id`", "`path`", "`tail`"], text));
        var rows = mysql.Query<(long Id, string? Text, long? Stored, string Tail)>(
            "SELECT id, CONVERT(UNCOMPRESS(path) USING utf8mb4), LENGTH(path), tail FROM an_deal_path_work ORDER BY id").ToList();
        Assert.AreEqual(texts.Count, rows.Count);
        for (var i = 0; i < texts.Count; i++)
        {
            Assert.AreEqual(texts[i], rows[i].Text, $"row {i}");
            Assert.AreEqual("last", rows[i].Tail, $"row {i}: the field after the compressed one stays in its column");
        }
        var path = rows[^1];
        Assert.IsTrue(path.Stored < System.Text.Encoding.UTF8.GetByteCount(texts[^1]!) / 10, $"a path of repeated entries is stored in {path.Stored} bytes");
        Assert.AreEqual(texts[^1], mysql.ExecuteScalar<string>("SELECT CONVERT(UNCOMPRESS(COMPRESS(@t)) USING utf8mb4)", new { t = texts[^1] }),
            "the procedures' COMPRESS() and bfw's are read alike");
    }

    void AssertLoadedAsWritten()
    {
        var rows = mysql.Query<(long id, string? txt, string tail)>("SELECT id, txt, tail FROM loaded ORDER BY id").ToList();
        Assert.AreEqual(Values.Length, rows.Count);
        for (var i = 0; i < Values.Length; i++)
        {
            var shown = LoadDataEscapingTests.Shown(Values[i].value);
            Assert.AreEqual(Values[i].value, rows[i].txt, $"value {(shown.Length > 80 ? shown[..80] + "…" : shown)}");
            Assert.AreEqual("last", rows[i].tail, $"the field after {shown} stays in its column");
        }
    }
}
