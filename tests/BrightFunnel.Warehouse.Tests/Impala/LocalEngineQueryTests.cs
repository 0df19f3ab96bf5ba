using BrightFunnel.Warehouse.Testing;
using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Impala.Types;

namespace BrightFunnel.Warehouse.Tests.Impala;

/// <summary>Our HS2 client against the local engine over real TCP: types, nulls, batches, empty results.</summary>
[TestClass]
[TestCategory("integration")]
public sealed class LocalEngineQueryTests
{
    static TestEngine engine = null!;

    [ClassInitialize]
    public static void Start(TestContext _) => engine = TestEngine.Start();

    [ClassCleanup]
    public static async Task Stop() => await engine.DisposeAsync();

    const string EveryType = """
        SELECT CAST(id AS BIGINT) AS big, CAST(id AS INT) AS i, CAST(id AS SMALLINT) AS small, CAST(id AS TINYINT) AS tiny,
               id % 2 = 0 AS flag, id / 4 AS dbl, CAST(id / 4 AS FLOAT) AS flt,
               concat('row ', CAST(id AS STRING)) AS txt, CAST(id * 1.25 AS DECIMAL(10,2)) AS amount,
               CAST('2024-03-05 06:07:08' AS TIMESTAMP) AS ts, CAST('2024-03-05' AS DATE) AS dt
        FROM (SELECT 1 AS id UNION ALL SELECT 2 UNION ALL SELECT 3) t
        """;

    [TestMethod]
    public async Task ReportsImpalaTypesAndDecodesEveryValue()
    {
        await using var session = await engine.OpenSessionAsync();
        Assert.AreEqual(6, session.ProtocolVersion);
        var result = await session.QueryAsync(EveryType + " ORDER BY big");
        Assert.AreEqual("BIGINT INT SMALLINT TINYINT BOOLEAN DOUBLE FLOAT STRING DECIMAL(10,2) TIMESTAMP DATE",
            string.Join(" ", result.Schema.Columns.Select(c => c.Type.Name)));
        var row = result.Rows[1];
        Assert.AreEqual(2L, row[0]);
        Assert.AreEqual(2, row[1]);
        Assert.AreEqual((short)2, row[2]);
        Assert.AreEqual((sbyte)2, row[3]);
        Assert.AreEqual(true, row[4]);
        Assert.AreEqual(0.5, row[5]);
        Assert.AreEqual(0.5, row[6]);
        Assert.AreEqual("row 2", row[7]);
        Assert.AreEqual(2.50m, row[8]);
        Assert.AreEqual(new DateTime(2024, 3, 5, 6, 7, 8), row[9]);
        Assert.AreEqual(new DateOnly(2024, 3, 5), row[10]);
    }

    [TestMethod]
    public async Task SendsStringBorneTypesAsImpalaFormatsThem()
    {
        await using var session = await engine.OpenSessionAsync();
        await using var op = await session.ExecuteAsync(
            "SELECT CAST(1.5 AS DECIMAL(9,3)) d, CAST('2024-01-02 03:04:05.25' AS TIMESTAMP) t, CAST('2024-01-02 03:04:05' AS TIMESTAMP) w, CAST('1999-12-31' AS DATE) x, CAST(0.25 AS FLOAT) f");
        var batch = await op.FetchBatchesAsync().SingleAsync();
        Assert.AreEqual(Hs2WireKind.String, batch[0].Kind);
        Assert.AreEqual("1.500", batch[0].GetString(0));
        Assert.AreEqual("2024-01-02 03:04:05.250000000", batch[1].GetString(0));
        Assert.AreEqual("2024-01-02 03:04:05", batch[2].GetString(0));
        Assert.AreEqual("1999-12-31", batch[3].GetString(0));
        Assert.AreEqual(Hs2WireKind.Double, batch[4].Kind);
        Assert.AreEqual(9, op.Schema[0].Type.Precision);
        Assert.AreEqual(3, op.Schema[0].Type.Scale);
    }

    [TestMethod]
    public async Task DecodesNullsOfEveryType()
    {
        await using var session = await engine.OpenSessionAsync();
        // Nulls on rows 0, 2 and 9: bits in the first and the second byte of each bitmap.
        var sql = $"""
            SELECT CASE WHEN n IN (0, 2, 9) THEN NULL ELSE v.big END AS big, CASE WHEN n IN (0, 2, 9) THEN NULL ELSE v.i END AS i,
                   CASE WHEN n IN (0, 2, 9) THEN NULL ELSE v.small END AS small, CASE WHEN n IN (0, 2, 9) THEN NULL ELSE v.tiny END AS tiny,
                   CASE WHEN n IN (0, 2, 9) THEN NULL ELSE v.flag END AS flag, CASE WHEN n IN (0, 2, 9) THEN NULL ELSE v.dbl END AS dbl,
                   CASE WHEN n IN (0, 2, 9) THEN NULL ELSE v.flt END AS flt, CASE WHEN n IN (0, 2, 9) THEN NULL ELSE v.txt END AS txt,
                   CASE WHEN n IN (0, 2, 9) THEN NULL ELSE v.amount END AS amount, CASE WHEN n IN (0, 2, 9) THEN NULL ELSE v.ts END AS ts,
                   CASE WHEN n IN (0, 2, 9) THEN NULL ELSE v.dt END AS dt, n
            FROM ({EveryType}) v CROSS JOIN (SELECT n AS n FROM {ImpalaNumbers.Upto(12)} r) r WHERE v.big = 1 ORDER BY n
            """;
        var result = await session.QueryAsync(sql);
        Assert.AreEqual(12, result.Rows.Count);
        foreach (var row in result.Rows)
        {
            var n = Convert.ToInt64(row[^1]);
            var expectNull = n is 0 or 2 or 9;
            for (var c = 0; c < row.Length - 1; c++)
                Assert.AreEqual(expectNull, row[c] is null, $"row {n}, column {result.Schema[c].Name}");
        }
        Assert.AreEqual("row 1", result.Rows[1][7]);
    }

    [TestMethod]
    public async Task ABatchWhoseOnlyNullIsAnEarlyRowIsSent()
    {
        // The null bitmap covers every row of the batch: sized by its last null (row 3, one byte),
        // a batch of 5,000 rows failed with "Specified argument was out of the range of valid values".
        await using var session = await engine.OpenSessionAsync();
        var result = await session.QueryAsync(
            $"SELECT n, CASE WHEN n = 3 THEN NULL ELSE concat('row ', CAST(n AS STRING)) END AS label FROM {ImpalaNumbers.Upto(5000)} r ORDER BY n");
        Assert.AreEqual(5000, result.Rows.Count);
        Assert.AreEqual(1, result.Rows.Count(r => r[1] is null));
        Assert.IsNull(result.Rows.Single(r => Convert.ToInt64(r[0]) == 3)[1]);
        Assert.AreEqual("row 4999", result.Rows.Single(r => Convert.ToInt64(r[0]) == 4999)[1]);
    }

    [TestMethod]
    public async Task ASessionAnswersItsNextQueryAfterAnOrderedResultOfManyBatches()
    {
        await using var session = await engine.OpenSessionAsync();
        var rows = 0L;
        await using (var op = await session.ExecuteAsync($"SELECT n, concat('row ', CAST(n AS STRING)) AS label FROM {ImpalaNumbers.Upto(340_000)} r ORDER BY n DESC"))
            await foreach (var batch in op.FetchBatchesAsync()) rows += batch[0].Count;
        Assert.AreEqual(340_000L, rows);

        var next = await session.QueryAsync($"SELECT COUNT(*) FROM {ImpalaNumbers.Upto(10)} r");
        Assert.AreEqual(10L, Convert.ToInt64(next.Rows[0][0]));
    }

    [TestMethod]
    public async Task EmptyResultHasItsSchemaAndNoRows()
    {
        await using var session = await engine.OpenSessionAsync();
        await using var op = await session.ExecuteAsync($"SELECT CAST(1 AS BIGINT) AS a, 'x' AS b FROM {ImpalaNumbers.Upto(10)} r WHERE false");
        Assert.IsTrue(op.HasResultSet);
        CollectionAssert.AreEqual(new[] { "a", "b" }, op.Schema.Columns.Select(c => c.Name).ToArray());
        Assert.AreEqual(0, await op.FetchBatchesAsync().CountAsync());
    }

    [TestMethod]
    public async Task StreamsAResultOfManyBatches()
    {
        await using var session = await engine.OpenSessionAsync();
        await using var op = await session.ExecuteAsync($"SELECT n AS n, CASE WHEN n % 7 = 0 THEN NULL ELSE concat('v', CAST(n AS STRING)) END AS s FROM {ImpalaNumbers.Upto(25000)} r ORDER BY n",
            new Hs2QueryOptions { FetchSize = 1000 });
        long rows = 0, sum = 0, nulls = 0, batches = 0;
        await foreach (var batch in op.FetchBatchesAsync())
        {
            Assert.AreEqual(rows, batch.StartRowOffset);
            Assert.IsTrue(batch.RowCount <= 1000);
            batches++;
            var n = batch[0].Int64Values;
            for (var r = 0; r < batch.RowCount; r++)
            {
                sum += n[r];
                if (batch[1].IsNull(r)) nulls++;
                else Assert.AreEqual($"v{n[r]}", batch[1].GetString(r));
            }
            rows += batch.RowCount;
        }
        Assert.AreEqual(25000, rows);
        Assert.AreEqual(25, batches);
        Assert.AreEqual(25000L * 24999 / 2, sum);
        Assert.AreEqual((25000 + 6) / 7, nulls);
    }

    [TestMethod]
    public async Task BatchSizesMayChangeBetweenFetches()
    {
        await using var session = await engine.OpenSessionAsync();
        await using var op = await session.ExecuteAsync($"SELECT n AS n, CASE WHEN n % 3 = 0 THEN NULL ELSE n END AS m FROM {ImpalaNumbers.Upto(40)} r ORDER BY n");
        var seen = new List<long?>();
        long expectedOffset = 0;
        int[] sizes = [10, 3, 7, 100, 5];
        for (var i = 0; ; i++)
        {
            var size = sizes[i % sizes.Length];
            // The engine reads ahead with the previous size; a smaller request must still get at most its own.
            var (batch, more) = await Hs2TestHooks.FetchAsync(op, size);
            Assert.IsTrue(batch.RowCount <= size);
            Assert.AreEqual(expectedOffset, batch.StartRowOffset);
            expectedOffset += batch.RowCount;
            for (var r = 0; r < batch.RowCount; r++) seen.Add(batch[1].IsNull(r) ? null : batch[1].GetInt64(r));
            if (!more) break;
        }
        CollectionAssert.AreEqual(Enumerable.Range(0, 40).Select(i => i % 3 == 0 ? (long?)null : i).ToList(), seen);
    }

    [TestMethod]
    public async Task RowReaderWalksEveryRow()
    {
        await using var session = await engine.OpenSessionAsync();
        await using var op = await session.ExecuteAsync($"SELECT n AS n, n * 2 AS twice FROM {ImpalaNumbers.Upto(2500)} r", new Hs2QueryOptions { FetchSize = 1000 });
        await using var reader = op.ReadRows();
        long count = 0;
        while (await reader.ReadAsync())
        {
            Assert.AreEqual(reader.GetInt64(0) * 2, reader.GetInt64(reader.GetOrdinal("twice")));
            count++;
        }
        Assert.AreEqual(2500, count);
    }

    [TestMethod]
    public async Task OneSessionRunsSeveralQueriesAtOnce()
    {
        await using var session = await engine.OpenSessionAsync();
        var queries = Enumerable.Range(1, 4).Select(i => session.QueryAsync($"SELECT sum(n) * {i} FROM {ImpalaNumbers.Upto(200000)} r")).ToList();
        var sums = (await Task.WhenAll(queries)).Select(r => (long)r.Rows.Single()[0]!).ToList();
        CollectionAssert.AreEqual(Enumerable.Range(1, 4).Select(i => 200000L * 199999 / 2 * i).ToList(), sums);
    }

    [TestMethod]
    public async Task ShowAndDescribe()
    {
        await using var session = await engine.OpenSessionAsync();
        await session.ExecuteNonQueryAsync("CREATE DATABASE IF NOT EXISTS show_db");
        await session.ExecuteNonQueryAsync("CREATE TABLE show_db.t (id BIGINT, name STRING, amount DECIMAL(9,2))");
        var databases = (await session.QueryAsync("SHOW DATABASES")).Rows.Select(r => r[0]).ToList();
        CollectionAssert.IsSubsetOf(new[] { "default", "show_db" }, databases);
        var columns = (await session.QueryAsync("DESCRIBE show_db.t")).Rows.Select(r => $"{r[0]} {r[1]}").ToList();
        CollectionAssert.AreEqual(new[] { "id bigint", "name string", "amount decimal(9,2)" }, columns);
        var summary = await session.QueryAsync("DROP TABLE show_db.t");
        Assert.AreEqual("Table has been dropped.", summary.Rows.Single()[0]);
        Assert.AreEqual("summary", summary.Schema[0].Name);
    }

    [TestMethod]
    public async Task StatementsWithoutRowsAndClosingLeaveNothingOpen()
    {
        await using (var session = await engine.OpenSessionAsync())
        {
            await session.ExecuteNonQueryAsync("CREATE DATABASE IF NOT EXISTS closing_db");
            await session.ExecuteNonQueryAsync("USE closing_db");
            await using var op = await session.ExecuteAsync("SET MEM_LIMIT=1g");
            Assert.IsFalse(op.HasResultSet);
            Assert.AreEqual(0, await op.FetchBatchesAsync().CountAsync());
        }
        await engine.AssertAllClosedAsync();
    }
}
