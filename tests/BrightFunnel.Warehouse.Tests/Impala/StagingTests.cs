using System.Data;
using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Impala.Staging;
using BrightFunnel.Warehouse.Impala.Types;

namespace BrightFunnel.Warehouse.Tests.Impala;

/// <summary>Parquet staging into the local root or WebHDFS, registered and queried as external tables on the local engine.</summary>
[TestClass]
[TestCategory("integration")]
public sealed class StagingTests
{
    static readonly IReadOnlyList<StagedColumn> AccountColumns =
    [
        new("account_id", ImpalaType.String),
        new("employees", ImpalaType.BigInt),
        new("revenue", ImpalaType.Decimal(14, 2)),
        new("created_at", ImpalaType.Timestamp),
        new("created_day", ImpalaType.Date),
        new("score", ImpalaType.Double),
        new("active", ImpalaType.Boolean),
        new("region", ImpalaType.Int),
    ];

    static DataTable Accounts(int rows)
    {
        var table = new DataTable();
        table.Columns.Add("account_id", typeof(string));
        table.Columns.Add("employees", typeof(long));
        table.Columns.Add("revenue", typeof(decimal));
        table.Columns.Add("created_at", typeof(DateTime));
        table.Columns.Add("created_day", typeof(DateTime));
        table.Columns.Add("score", typeof(double));
        table.Columns.Add("active", typeof(bool));
        table.Columns.Add("region", typeof(int));
        for (var i = 0; i < rows; i++)
        {
            // Every fifth row is null in every column but the id.
            object N(object v) => i % 5 == 4 ? DBNull.Value : v;
            table.Rows.Add($"001A{i:D6}", N((long)i * 10), N(i + 0.25m), N(new DateTime(2024, 1, 1, 8, 30, 0).AddHours(i)),
                N(new DateTime(2024, 1, 1).AddDays(i)), N(i / 2.0), N(i % 2 == 0), N(i % 3));
        }
        return table;
    }

    [TestMethod]
    public async Task StagedParquetIsQueryableWithTypesAndNulls()
    {
        await using var engine = TestEngine.Start();
        var area = new StagingArea(new LocalStagingStore(engine.Root), "acme", "r1");
        using var reader = Accounts(20).CreateDataReader();
        var staged = await area.StageAsync("cn_accounts", reader, AccountColumns);
        Assert.AreEqual(20, staged.Rows);
        Assert.AreEqual("/acme/r1/cn_accounts", staged.Location);
        Assert.IsTrue(File.Exists(Path.Combine(engine.Root, "acme", "r1", "cn_accounts", "part-00000.parquet")));

        await using var session = await engine.OpenSessionAsync();
        await area.RegisterAsync(session, "bfw_stage");
        var result = await session.QueryAsync("SELECT * FROM bfw_stage.cn_accounts ORDER BY account_id");
        Assert.AreEqual("STRING BIGINT DECIMAL(14,2) TIMESTAMP DATE DOUBLE BOOLEAN INT", string.Join(" ", result.Schema.Columns.Select(c => c.Type.Name)));
        Assert.AreEqual(20, result.Rows.Count);
        CollectionAssert.AreEqual(new object?[] { "001A000003", 30L, 3.25m, new DateTime(2024, 1, 1, 11, 30, 0), new DateOnly(2024, 1, 4), 1.5, false, 0 }, result.Rows[3]);
        CollectionAssert.AreEqual(new object?[] { "001A000004", null, null, null, null, null, null, null }, result.Rows[4]);

        var described = await session.QueryAsync("DESCRIBE bfw_stage.cn_accounts");
        Assert.AreEqual("decimal(14,2)", described.Rows[2][1]);
        await area.DropAsync(session, "bfw_stage");
        Assert.AreEqual(0, (await session.QueryAsync("SHOW TABLES IN bfw_stage")).Rows.Count);
        Assert.IsFalse(Directory.Exists(Path.Combine(engine.Root, "acme", "r1")));
    }

    [TestMethod]
    public async Task LargeTablesSplitIntoRowGroupsAndFiles()
    {
        await using var engine = TestEngine.Start();
        var store = new LocalStagingStore(engine.Root);
        using var reader = Accounts(2500).CreateDataReader();
        var writer = new ParquetTableWriter(AccountColumns) { RowGroupSize = 300, MaxRowsPerFile = 1000 };
        var (rows, files) = await writer.WriteAsync(reader, store, "acme/r2/big");
        Assert.AreEqual(2500, rows);
        Assert.AreEqual(3, files);
        await using var session = await engine.OpenSessionAsync();
        await session.ExecuteNonQueryAsync(ImpalaDdl.CreateExternalTable("default", "big", AccountColumns, store.LocationOf("acme/r2/big")));
        var result = await session.QueryAsync("SELECT count(*), count(employees), sum(region) FROM big");
        CollectionAssert.AreEqual(new object?[] { 2500L, 2000L, 2000L }, result.Rows.Single());
    }

    [TestMethod]
    public async Task RefreshPicksUpFilesAddedAfterCreate()
    {
        await using var engine = TestEngine.Start();
        var store = new LocalStagingStore(engine.Root);
        await using var session = await engine.OpenSessionAsync();
        await session.ExecuteNonQueryAsync(ImpalaDdl.CreateExternalTable("default", "late", AccountColumns, "hdfs://namenode:8020/acme/r3/late"));
        Assert.AreEqual(0L, (await session.QueryAsync("SELECT count(*) FROM late")).Rows.Single()[0]);
        using (var reader = Accounts(7).CreateDataReader())
            await new ParquetTableWriter(AccountColumns).WriteAsync(reader, store, "acme/r3/late");
        Assert.AreEqual(0L, (await session.QueryAsync("SELECT count(*) FROM late")).Rows.Single()[0], "metadata is cached until REFRESH, as in Impala");
        await session.ExecuteNonQueryAsync("REFRESH late");
        Assert.AreEqual(7L, (await session.QueryAsync("SELECT count(*) FROM late")).Rows.Single()[0]);
        await session.ExecuteNonQueryAsync("INVALIDATE METADATA");
        var stats = await session.QueryAsync("COMPUTE STATS late");
        StringAssert.Contains((string)stats.Rows.Single()[0]!, "Updated 1 partition(s)");
    }

    [TestMethod]
    public async Task ImpalaFunctionsOverStagedTables()
    {
        await using var engine = TestEngine.Start();
        var area = new StagingArea(new LocalStagingStore(engine.Root), "acme", "r4");
        using (var reader = Accounts(10).CreateDataReader()) await area.StageAsync("a", reader, AccountColumns);
        await using var session = await engine.OpenSessionAsync();
        await area.RegisterAsync(session, "fn_db");
        await session.ExecuteNonQueryAsync("USE fn_db");
        var row = (await session.QueryAsync("""
            SELECT concat(account_id, '-', CAST(region AS STRING)) AS key_with_null,
                   nvl(CAST(employees AS STRING), 'none') AS employees_or_none,
                   datediff(CAST('2024-01-10' AS TIMESTAMP), created_at) AS days,
                   pow(2, region) AS p, power(region, 2) AS q,
                   ifnull(score, -1) AS s, zeroifnull(region) AS z, nvl2(region, 'set', 'unset') AS n2
            FROM a WHERE account_id = '001A000004'
            """)).Rows.Single();
        CollectionAssert.AreEqual(new object?[] { null, "none", null, null, null, -1.0, 0, "unset" }, row);
        var other = (await session.QueryAsync("SELECT concat(account_id, '-', CAST(region AS STRING)), datediff('2024-01-10', created_at) FROM a WHERE account_id = '001A000002'")).Rows.Single();
        CollectionAssert.AreEqual(new object?[] { "001A000002-2", 9L }, other);
        await area.DropAsync(session, "fn_db");
    }

    [TestMethod]
    public async Task AttributionShapedQueryRunsOnStagedTables()
    {
        // Opportunities and touches as the offload stages them: ids as text, dates as day numbers.
        var opps = new DataTable();
        opps.Columns.Add("opp_id", typeof(string));
        opps.Columns.Add("account_id", typeof(string));
        opps.Columns.Add("created_day", typeof(int));
        opps.Columns.Add("amount", typeof(decimal));
        var touches = new DataTable();
        touches.Columns.Add("touch_id", typeof(string));
        touches.Columns.Add("account_id", typeof(string));
        touches.Columns.Add("campaign_id", typeof(string));
        touches.Columns.Add("touch_day", typeof(int));
        for (var a = 0; a < 6; a++)
        {
            opps.Rows.Add($"006{a:D3}", $"001{a:D3}", 20000 + a, 1000m * (a + 1));
            for (var t = 0; t < a; t++) touches.Rows.Add($"00v{a:D2}{t:D2}", $"001{a:D3}", $"701{t % 3}", 20000 + a - t * 3);
        }
        await using var engine = TestEngine.Start();
        var area = new StagingArea(new LocalStagingStore(engine.Root), "acme", "r6");
        using (var r = opps.CreateDataReader()) await area.StageAsync("opps", r);
        using (var r = touches.CreateDataReader()) await area.StageAsync("touches", r);
        await using var session = await engine.OpenSessionAsync();
        await area.RegisterAsync(session, "attr");
        var result = await session.QueryAsync("""
            WITH counted AS (
              SELECT o.opp_id, t.touch_id, t.campaign_id, t.touch_day, o.created_day AS anchor, o.amount,
                     row_number() OVER (PARTITION BY o.opp_id ORDER BY t.touch_day, t.touch_id) AS pos,
                     count(*) OVER (PARTITION BY o.opp_id) AS n
              FROM attr.opps o JOIN attr.touches t ON t.account_id = o.account_id
              WHERE t.touch_day BETWEEN o.created_day - 365 AND o.created_day
            ), weighted AS (
              SELECT *, pow(2, -(anchor - touch_day) / 7.0) AS w FROM counted
            )
            SELECT opp_id, touch_id,
                   CASE WHEN n = 1 THEN 1.0 WHEN n = 2 THEN 0.5
                        WHEN pos = 1 OR pos = n THEN 0.4 ELSE 0.2 / (n - 2) END AS u_share,
                   w / sum(w) OVER (PARTITION BY opp_id) AS decay_share,
                   CAST(amount AS DOUBLE) * (w / sum(w) OVER (PARTITION BY opp_id)) AS decay_amount
            FROM weighted ORDER BY opp_id, pos NULLS LAST
            """);
        var byOpp = result.Rows.GroupBy(r => (string)r[0]!).ToList();
        Assert.AreEqual(5, byOpp.Count, "the opportunity without touches has no credit rows");
        foreach (var opp in byOpp)
        {
            Assert.AreEqual(1.0, opp.Sum(r => Convert.ToDouble(r[2])), 1e-9, $"u-shaped shares of {opp.Key}");
            Assert.AreEqual(1.0, opp.Sum(r => (double)r[3]!), 1e-9, $"time-decay shares of {opp.Key}");
        }
        Assert.AreEqual(6000.0, byOpp.Single(g => g.Key == "006005").Sum(r => (double)r[4]!), 1e-6);
        await area.DropAsync(session, "attr");
    }

    [TestMethod]
    public async Task WebHdfsCreateFollowsTheRedirectAndDeleteRemovesTheRun()
    {
        await using var engine = TestEngine.Start();
        await using var hdfs = new FakeWebHdfs(engine.Root);
        using var store = new WebHdfsStagingStore(hdfs.Namenode, "/user/bfw/staging", user: "bfw");
        var area = new StagingArea(store, "acme", "r5");
        using (var reader = Accounts(12).CreateDataReader()) await area.StageAsync("cn_accounts", reader, AccountColumns);
        var staged = area.Tables.Single();
        Assert.AreEqual("/user/bfw/staging/acme/r5/cn_accounts", staged.Location);
        var requests = hdfs.Requests.ToList();
        Assert.AreEqual(2, requests.Count, string.Join("\n", requests));
        Assert.AreEqual("PUT /webhdfs/v1/user/bfw/staging/acme/r5/cn_accounts/part-00000.parquet?op=CREATE&overwrite=true&user.name=bfw (0 bytes)", requests[0]);
        StringAssert.StartsWith(requests[1], "PUT /datanode/user/bfw/staging/acme/r5/cn_accounts/part-00000.parquet?op=CREATE");
        Assert.IsFalse(requests[1].EndsWith(" (0 bytes)", StringComparison.Ordinal), "the bytes go to the datanode");

        // The fake HDFS is the engine's root, so the engine reads what WebHDFS received.
        await using var session = await engine.OpenSessionAsync();
        await area.RegisterAsync(session, "hdfs_db");
        Assert.AreEqual(12L, (await session.QueryAsync("SELECT count(*) FROM hdfs_db.cn_accounts")).Rows.Single()[0]);
        await area.DropAsync(session, "hdfs_db");
        Assert.AreEqual("DELETE /webhdfs/v1/user/bfw/staging/acme/r5?op=DELETE&recursive=true&user.name=bfw (0 bytes)", hdfs.Requests.Last());
        Assert.IsFalse(Directory.Exists(Path.Combine(engine.Root, "user", "bfw", "staging", "acme", "r5")));
    }

    [TestMethod]
    public void StagingPathsCannotClimbOutOfTheStore()
    {
        var store = new LocalStagingStore(Path.GetTempPath());
        Assert.ThrowsExactly<ArgumentException>(() => new StagingArea(store, "..", "r1"));
        Assert.ThrowsExactly<ArgumentException>(() => store.LocationOf("acme/../../etc"));
    }

    [TestMethod]
    public async Task EngineRefusesLocationsOutsideItsRoot()
    {
        await using var engine = TestEngine.Start();
        await using var session = await engine.OpenSessionAsync();
        var e = await Assert.ThrowsExactlyAsync<Hs2QueryException>(() =>
            session.ExecuteNonQueryAsync("CREATE EXTERNAL TABLE x (a INT) STORED AS PARQUET LOCATION '/../../etc'"));
        StringAssert.Contains(e.ServerMessage, "outside the engine root");
    }
}
