using BrightFunnel.Warehouse.Testing;
using System.Text;
using BrightFunnel.Warehouse.Orchestrator.Loading;
using BrightFunnel.Warehouse.Tests.Impala;
using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Tests.Loading;

/// <summary>Query results streamed from the local engine into MariaDB with LOAD DATA, as the offload will.</summary>
[TestClass]
[TestCategory("integration")]
public sealed class Hs2BatchTextWriterTests
{
    static readonly string Query = $"""
        SELECT n AS id,
               CASE WHEN n = 2 THEN NULL WHEN n = 3 THEN concat('tab', chr(9), 'new', chr(10), 'back', chr(92), 'slash') ELSE concat('name ', CAST(n AS STRING)) END AS name,
               CASE WHEN n = 2 THEN NULL ELSE CAST(n AS DOUBLE) / 3 END AS credit,
               CASE WHEN n = 2 THEN NULL ELSE CAST(n * 100 + 0.25 AS DECIMAL(12,2)) END AS amount,
               CASE WHEN n = 2 THEN NULL ELSE CAST('2024-05-06 07:08:09.123456' AS TIMESTAMP) END AS `at`,
               CASE WHEN n = 2 THEN NULL ELSE CAST('2024-05-06' AS DATE) END AS day,
               CASE WHEN n = 2 THEN NULL ELSE n % 2 = 0 END AS flag
        FROM {ImpalaNumbers.Upto(5)} r ORDER BY id
        """;

    [TestMethod]
    public async Task WritesMySqlLoadDataText()
    {
        await using var engine = TestEngine.Start();
        await using var session = await engine.OpenSessionAsync();
        await using var op = await session.ExecuteAsync(Query);
        using var text = new MemoryStream();
        Assert.AreEqual(5, await Hs2BatchTextWriter.WriteAllAsync(op.FetchBatchesAsync(), text));
        var lines = Encoding.UTF8.GetString(text.ToArray()).Split('\n');
        Assert.AreEqual("1\tname 1\t0.3333333333333333\t100.25\t2024-05-06 07:08:09.123456\t2024-05-06\t0", lines[1]);
        Assert.AreEqual(@"2	\N	\N	\N	\N	\N	\N", lines[2]);
        StringAssert.StartsWith(lines[3], @"3	tab\tnew\nback\\slash	1	");
        Assert.AreEqual("", lines[5]);
    }

    [TestMethod]
    public async Task MariaDbLoadsWhatTheWriterWrote()
    {
        var db = TestServer.CreateDatabase("bft_ld_");
        try
        {
            using var mysql = TestServer.Open(db);
            mysql.Execute("CREATE TABLE results (id BIGINT PRIMARY KEY, name VARCHAR(100), credit DOUBLE, amount DECIMAL(12,2), at DATETIME(6), day DATE, flag TINYINT(1))");

            await using var engine = TestEngine.Start();
            await using var session = await engine.OpenSessionAsync();
            await using var op = await session.ExecuteAsync(Query);
            using var text = new MemoryStream();
            await Hs2BatchTextWriter.WriteAllAsync(op.FetchBatchesAsync(), text);
            text.Position = 0;
            var loader = new MySqlBulkLoader(mysql) { TableName = "results", Local = true, CharacterSet = "utf8mb4" };
            Assert.AreEqual(5, await loader.LoadAsync(text));

            var rows = mysql.Query("SELECT id, name, credit, amount, at, day, flag FROM results ORDER BY id").ToList();
            Assert.AreEqual("name 1", (string)rows[1].name);
            Assert.AreEqual(1 / 3.0, (double)rows[1].credit);
            Assert.AreEqual(100.25m, (decimal)rows[1].amount);
            Assert.AreEqual(new DateTime(2024, 5, 6, 7, 8, 9).AddTicks(1234560), (DateTime)rows[1].at);
            Assert.AreEqual(new DateTime(2024, 5, 6), (DateTime)rows[1].day);
            Assert.IsTrue(rows[2].name is null && rows[2].credit is null && rows[2].amount is null && rows[2].at is null && rows[2].day is null && rows[2].flag is null);
            Assert.AreEqual("tab\tnew\nback\\slash", (string)rows[3].name);
            Assert.AreEqual(1, Convert.ToInt32(rows[4].flag));
        }
        finally
        {
            TestServer.DropDatabases(db);
        }
    }
}
