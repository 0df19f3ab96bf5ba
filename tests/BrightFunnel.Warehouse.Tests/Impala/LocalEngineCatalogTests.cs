using BrightFunnel.Warehouse.Testing;
using System.Data;
using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Impala.Staging;
using BrightFunnel.Warehouse.Impala.Types;

namespace BrightFunnel.Warehouse.Tests.Impala;

/// <summary>
/// The local engine's catalog as Impala's metastore: it outlives the engine on the same root, a
/// root has one engine at a time, and views follow Impala's rules (names resolved in the creating
/// session's database, ALTER VIEW repoints, Impala's errors between tables and views).
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class LocalEngineCatalogTests
{
    string root = null!;

    [TestInitialize]
    public void CreateRoot() => root = Directory.CreateTempSubdirectory("bfw-impala-catalog-").FullName;

    [TestCleanup]
    public void DeleteRoot()
    {
        try { Directory.Delete(root, recursive: true); }
        catch (IOException) { }
    }

    static async Task<List<string>> Column(Hs2Session session, string sql) =>
        (await session.QueryAsync(sql)).Rows.Select(r => Convert.ToString(r[0], System.Globalization.CultureInfo.InvariantCulture)!).ToList();

    static async Task<string> ErrorOf(Hs2Session session, string sql) =>
        (await Assert.ThrowsExactlyAsync<Hs2QueryException>(() => session.ExecuteNonQueryAsync(sql))).ServerMessage;

    /// <summary>Stages a two-column Parquet table (id, name) and registers it as an external table of <paramref name="database"/>.</summary>
    async Task StageExternalAsync(Hs2Session session, string database, string run, int rows)
    {
        var table = new DataTable();
        table.Columns.Add("id", typeof(long));
        table.Columns.Add("name", typeof(string));
        for (var i = 1; i <= rows; i++) table.Rows.Add((long)i, $"n{i}");
        var area = new StagingArea(new LocalStagingStore(root), "acme", run);
        using var reader = table.CreateDataReader();
        await area.StageAsync("inputs", reader, [new("id", ImpalaType.BigInt), new("name", ImpalaType.String)]);
        await area.RegisterAsync(session, database);
    }

    [TestMethod]
    public async Task ARestartKeepsDatabasesViewsTablesAndExternalTablesWithTheirRows()
    {
        await using (var engine = TestEngine.StartOn(root))
        await using (var session = await engine.OpenSessionAsync())
        {
            await session.ExecuteNonQueryAsync("CREATE DATABASE bfw_acme_run7");
            await StageExternalAsync(session, "bfw_acme_run7", "run7", rows: 5);
            await session.ExecuteNonQueryAsync("USE bfw_acme_run7");
            await session.ExecuteNonQueryAsync("CREATE TABLE doubled STORED AS PARQUET AS SELECT id, id * 2 AS twice, nvl2(name, name, 'none') AS name FROM inputs");
            await session.ExecuteNonQueryAsync("CREATE TABLE typed (id BIGINT, amount DECIMAL(9,2))");
            await session.ExecuteNonQueryAsync("INSERT INTO typed VALUES (1, 2.50), (2, 3.25)");
            await session.ExecuteNonQueryAsync("CREATE VIEW evens AS SELECT id, datediff(CAST('2024-01-10' AS TIMESTAMP), CAST('2024-01-03' AS TIMESTAMP)) AS days FROM doubled WHERE twice % 4 = 0");
        }

        await using (var engine = TestEngine.StartOn(root))
        await using (var session = await engine.OpenSessionAsync())
        {
            CollectionAssert.AreEqual(new[] { "bfw_acme_run7", "default" }, await Column(session, "SHOW DATABASES"), "the registry's own schema stays hidden");
            CollectionAssert.AreEqual(new[] { "doubled", "evens", "inputs", "typed" }, await Column(session, "SHOW TABLES IN bfw_acme_run7"));
            CollectionAssert.AreEqual(new[] { "1 n1", "5 n5" }, (await session.QueryAsync("SELECT id, name FROM bfw_acme_run7.inputs WHERE id IN (1, 5) ORDER BY id")).Rows.Select(r => $"{r[0]} {r[1]}").ToList());
            CollectionAssert.AreEqual(new[] { "10", "4", "6", "8" }, await Column(session, "SELECT CAST(twice AS STRING) FROM bfw_acme_run7.doubled WHERE id > 1 ORDER BY 1"));
            CollectionAssert.AreEqual(new object?[] { 5.75m }, (await session.QueryAsync("SELECT sum(amount) FROM bfw_acme_run7.typed")).Rows.Single());
            CollectionAssert.AreEqual(new[] { "2 7", "4 7" }, (await session.QueryAsync("SELECT id, days FROM bfw_acme_run7.evens ORDER BY id")).Rows.Select(r => $"{r[0]} {r[1]}").ToList());
            Assert.AreEqual("string", (await session.QueryAsync("DESCRIBE bfw_acme_run7.inputs")).Rows[1][1], "an external table keeps its declared columns");
            Assert.AreEqual(7L, (await session.QueryAsync("SELECT datediff('2024-01-10', '2024-01-03')")).Rows.Single()[0], "the Impala functions are there after a restart");
            await session.ExecuteNonQueryAsync("INSERT INTO bfw_acme_run7.typed VALUES (3, 1.00)");
        }

        await using (var engine = TestEngine.StartOn(root))
        await using (var session = await engine.OpenSessionAsync())
            Assert.AreEqual(3L, (await session.QueryAsync("SELECT count(*) FROM bfw_acme_run7.typed")).Rows.Single()[0], "a second restart keeps what the first engine added");
    }

    [TestMethod]
    public async Task ViewsResolveUnqualifiedNamesInTheCreatingSessionsDatabaseAndAlterViewRepointsThem()
    {
        await using (var engine = TestEngine.StartOn(root))
        {
            await using var run = await engine.OpenSessionAsync();
            await run.ExecuteNonQueryAsync("CREATE DATABASE bfw_acme");
            await run.ExecuteNonQueryAsync("CREATE DATABASE bfw_acme_run7");
            await run.ExecuteNonQueryAsync("CREATE TABLE bfw_acme.src AS SELECT 100 AS x");
            await run.ExecuteNonQueryAsync("USE bfw_acme_run7");
            await run.ExecuteNonQueryAsync("CREATE TABLE src AS SELECT 1 AS x UNION ALL SELECT 2");
            // The offload writes the tenant's tables from the run's own database.
            Assert.AreEqual("Inserted 2 row(s)", (await run.QueryAsync("CREATE TABLE bfw_acme.at_paths_r7 STORED AS PARQUET AS SELECT x, 'r7' AS run FROM src")).Rows.Single()[0]);
            await run.ExecuteNonQueryAsync("CREATE TABLE bfw_acme.at_paths_r8 STORED AS PARQUET AS SELECT x * 10 AS x, 'r8' AS run FROM src");
            Assert.AreEqual("View has been created.", (await run.QueryAsync("CREATE VIEW bfw_acme.at_paths AS SELECT * FROM bfw_acme.at_paths_r7")).Rows.Single()[0]);
            // src is bfw_acme_run7.src here, though the view lives in bfw_acme beside another src; a CTE named
            // like a table stays the CTE, and FROM inside extract() is no table.
            await run.ExecuteNonQueryAsync(
                "CREATE VIEW bfw_acme.run_src AS WITH at_paths_r8 AS (SELECT 5 AS x) SELECT s.x + extract(year FROM CAST('2024-01-01' AS TIMESTAMP)) - 2024 AS x FROM src s UNION ALL SELECT x FROM at_paths_r8");

            await using var reader = await engine.OpenSessionAsync(); // current database: default
            CollectionAssert.AreEqual(new[] { "1 r7", "2 r7" }, (await reader.QueryAsync("SELECT x, run FROM bfw_acme.at_paths ORDER BY x")).Rows.Select(r => $"{r[0]} {r[1]}").ToList());
            CollectionAssert.AreEqual(new[] { "1", "2", "5" }, await Column(reader, "SELECT CAST(x AS STRING) FROM bfw_acme.run_src ORDER BY x"));

            await using var tenant = await engine.OpenSessionAsync();
            await tenant.ExecuteNonQueryAsync("USE bfw_acme");
            Assert.AreEqual("View has been altered.", (await tenant.QueryAsync("ALTER VIEW at_paths AS SELECT * FROM at_paths_r8")).Rows.Single()[0]);
            CollectionAssert.AreEqual(new[] { "10 r8", "20 r8" }, (await reader.QueryAsync("SELECT x, run FROM bfw_acme.at_paths ORDER BY x")).Rows.Select(r => $"{r[0]} {r[1]}").ToList());
        }

        await using (var engine = TestEngine.StartOn(root))
        {
            await using var session = await engine.OpenSessionAsync();
            await session.ExecuteNonQueryAsync("USE bfw_acme_run7");
            CollectionAssert.AreEqual(new[] { "10 r8", "20 r8" }, (await session.QueryAsync("SELECT x, run FROM bfw_acme.at_paths ORDER BY x")).Rows.Select(r => $"{r[0]} {r[1]}").ToList());
            await session.ExecuteNonQueryAsync("USE bfw_acme");
            CollectionAssert.AreEqual(new[] { "1", "2", "5" }, await Column(session, "SELECT CAST(x AS STRING) FROM run_src ORDER BY x"), "still the run's src after a restart, queried from bfw_acme");
        }
    }

    [TestMethod]
    public async Task AConcurrentReaderSeesTheOldViewOrTheNewOne()
    {
        await using var engine = TestEngine.StartOn(root);
        await using var writer = await engine.OpenSessionAsync();
        await writer.ExecuteNonQueryAsync("CREATE DATABASE bfw_acme");
        await writer.ExecuteNonQueryAsync("USE bfw_acme");
        await writer.ExecuteNonQueryAsync($"CREATE TABLE r1 AS SELECT n AS x FROM {ImpalaNumbers.Upto(1000)} r");
        await writer.ExecuteNonQueryAsync($"CREATE TABLE r2 AS SELECT n AS x FROM {ImpalaNumbers.Upto(2000)} r");
        await writer.ExecuteNonQueryAsync("CREATE VIEW at_paths AS SELECT * FROM r1");

        await using var reader = await engine.OpenSessionAsync();
        using var done = new CancellationTokenSource();
        var seen = new List<long>();
        var reading = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
                seen.Add((long)(await reader.QueryAsync("SELECT count(*) FROM bfw_acme.at_paths")).Rows.Single()[0]!);
        });
        for (var i = 0; i < 20; i++)
            await writer.ExecuteNonQueryAsync($"ALTER VIEW at_paths AS SELECT * FROM {(i % 2 == 0 ? "r2" : "r1")}");
        done.Cancel();
        await reading;
        Assert.IsNotEmpty(seen);
        CollectionAssert.IsSubsetOf(seen.Distinct().ToList(), new[] { 1000L, 2000L });
    }

    [TestMethod]
    public async Task ShowTablesMatchesImpalaPatternsAndDescribeNamesImpalaTypes()
    {
        await using var engine = TestEngine.StartOn(root);
        await using var session = await engine.OpenSessionAsync();
        await session.ExecuteNonQueryAsync("CREATE DATABASE bfw_acme");
        await session.ExecuteNonQueryAsync("USE bfw_acme");
        await session.ExecuteNonQueryAsync("CREATE TABLE at_paths_r7 (opportunity_id STRING, share_linear DOUBLE, amount DECIMAL(14,2), touch_day INT)");
        await session.ExecuteNonQueryAsync("CREATE TABLE at_unattributed_r7 AS SELECT 'o' AS opportunity_id, CAST(1 AS BIGINT) AS n");
        await session.ExecuteNonQueryAsync("CREATE VIEW at_paths (opp COMMENT 'the opportunity', share) AS SELECT opportunity_id, share_linear FROM at_paths_r7");

        CollectionAssert.AreEqual(new[] { "at_paths", "at_paths_r7", "at_unattributed_r7" }, await Column(session, "SHOW TABLES"));
        CollectionAssert.AreEqual(new[] { "at_paths", "at_paths_r7" }, await Column(session, "SHOW TABLES IN bfw_acme LIKE 'AT_PATHS*'"));
        CollectionAssert.AreEqual(new[] { "at_paths", "at_unattributed_r7" }, await Column(session, "SHOW TABLES 'at_paths|*unattributed*'"));
        Assert.IsEmpty(await Column(session, "SHOW TABLES LIKE 'nothing*'"));
        StringAssert.Contains(await ErrorOf(session, "SHOW TABLES IN no_such_db"), "Database does not exist: no_such_db");

        var view = (await session.QueryAsync("DESCRIBE bfw_acme.at_paths")).Rows.Select(r => $"{r[0]}|{r[1]}|{r[2]}").ToList();
        CollectionAssert.AreEqual(new[] { "opp|string|the opportunity", "share|double|" }, view);
        var table = (await session.QueryAsync("DESCRIBE at_paths_r7")).Rows.Select(r => $"{r[0]} {r[1]}").ToList();
        CollectionAssert.AreEqual(new[] { "opportunity_id string", "share_linear double", "amount decimal(14,2)", "touch_day int" }, table);
        CollectionAssert.AreEqual(new[] { "opportunity_id string", "n bigint" }, (await session.QueryAsync("DESCRIBE at_unattributed_r7")).Rows.Select(r => $"{r[0]} {r[1]}").ToList());
        Assert.AreEqual("# col_name", (await session.QueryAsync("DESCRIBE EXTENDED at_unattributed_r7")).Rows[0][0], "EXTENDED is FORMATTED, as in Impala");

        var formatted = (await session.QueryAsync("DESCRIBE FORMATTED at_paths")).Rows;
        Assert.AreEqual("# col_name", formatted[0][0]);
        Assert.AreEqual("opp", formatted[2][0]);
        CollectionAssert.Contains(formatted.Select(r => $"{r[0]} {r[1]}").ToList(), "Table Type: VIRTUAL_VIEW");
        CollectionAssert.Contains(formatted.Select(r => $"{r[0]} {r[1]}").ToList(), "View Original Text: SELECT opportunity_id, share_linear FROM at_paths_r7");
        CollectionAssert.Contains((await session.QueryAsync("DESCRIBE FORMATTED at_paths_r7")).Rows.Select(r => $"{r[0]} {r[1]}").ToList(), "Table Type: MANAGED_TABLE");
        StringAssert.Contains(await ErrorOf(session, "DESCRIBE no_such_table"), "Could not resolve path");
    }

    [TestMethod]
    public async Task TablesAndViewsRefuseEachOthersDdlWithImpalasErrors()
    {
        await using var engine = TestEngine.StartOn(root);
        await using var session = await engine.OpenSessionAsync();
        await session.ExecuteNonQueryAsync("CREATE DATABASE db");
        await StageExternalAsync(session, "db", "run1", rows: 2);
        await session.ExecuteNonQueryAsync("CREATE TABLE db.t AS SELECT 1 AS x");
        await session.ExecuteNonQueryAsync("CREATE VIEW db.v AS SELECT x FROM db.t");

        StringAssert.Contains(await ErrorOf(session, "ALTER VIEW db.missing AS SELECT 1"), "Table does not exist: db.missing");
        StringAssert.Contains(await ErrorOf(session, "ALTER VIEW db.t AS SELECT 1"), "ALTER VIEW not allowed on a table: db.t");
        StringAssert.Contains(await ErrorOf(session, "ALTER VIEW db.inputs AS SELECT 1"), "ALTER VIEW not allowed on a table: db.inputs");
        StringAssert.Contains(await ErrorOf(session, "DROP VIEW db.t"), "DROP VIEW not allowed on a table: db.t");
        StringAssert.Contains(await ErrorOf(session, "DROP VIEW db.inputs"), "DROP VIEW not allowed on a table: db.inputs");
        StringAssert.Contains(await ErrorOf(session, "DROP TABLE db.v"), "DROP TABLE not allowed on a view: db.v");
        StringAssert.Contains(await ErrorOf(session, "DROP VIEW db.missing"), "Table does not exist: db.missing");
        StringAssert.Contains(await ErrorOf(session, "CREATE VIEW db.t AS SELECT 1"), "Table already exists: db.t");
        StringAssert.Contains(await ErrorOf(session, "CREATE VIEW db.v2 AS SELECT * FROM db.no_such_table"), "no_such_table");
        StringAssert.Contains(await ErrorOf(session, "CREATE VIEW no_db.v AS SELECT 1"), "Database does not exist: no_db");
        StringAssert.Contains(await ErrorOf(session, "CREATE DATABASE `bfw$catalog`"), "Invalid database name: bfw$catalog");
        StringAssert.Contains(await ErrorOf(session, "USE `bfw$catalog`"), "Database does not exist");
        StringAssert.Contains(await ErrorOf(session, "CREATE EXTERNAL TABLE db.sneaky (x BIGINT) STORED AS PARQUET LOCATION '/.catalog'"), "the engine's own catalog");

        Assert.AreEqual("View already exists.", (await session.QueryAsync("CREATE VIEW IF NOT EXISTS db.v AS SELECT 2 AS x")).Rows.Single()[0]);
        Assert.AreEqual("View does not exist.", (await session.QueryAsync("DROP VIEW IF EXISTS db.missing")).Rows.Single()[0]);
        CollectionAssert.AreEqual(new[] { "inputs", "t", "v" }, await Column(session, "SHOW TABLES IN db"), "nothing changed by the refused statements");
        Assert.AreEqual(1, (await session.QueryAsync("SELECT x FROM db.v")).Rows.Single()[0]);
        Assert.AreEqual("View has been dropped.", (await session.QueryAsync("DROP VIEW db.v")).Rows.Single()[0]);
        CollectionAssert.AreEqual(new[] { "inputs", "t" }, await Column(session, "SHOW TABLES IN db"));
    }

    [TestMethod]
    public async Task DropDatabaseCascadeDropsViewsAndTablesButKeepsExternalFiles()
    {
        await using (var engine = TestEngine.StartOn(root))
        await using (var session = await engine.OpenSessionAsync())
        {
            await session.ExecuteNonQueryAsync("CREATE DATABASE bfw_acme_run3");
            await StageExternalAsync(session, "bfw_acme_run3", "run3", rows: 3);
            await session.ExecuteNonQueryAsync("CREATE TABLE bfw_acme_run3.t AS SELECT * FROM bfw_acme_run3.inputs");
            await session.ExecuteNonQueryAsync("CREATE VIEW bfw_acme_run3.v AS SELECT * FROM bfw_acme_run3.t");
            await session.ExecuteNonQueryAsync("DROP DATABASE bfw_acme_run3 CASCADE");
            CollectionAssert.DoesNotContain(await Column(session, "SHOW DATABASES"), "bfw_acme_run3");
            Assert.IsTrue(File.Exists(Path.Combine(root, "acme", "run3", "inputs", "part-00000.parquet")), "an external table's files are kept, as in Impala");
        }

        await using (var engine = TestEngine.StartOn(root))
        await using (var session = await engine.OpenSessionAsync())
        {
            CollectionAssert.AreEqual(new[] { "default" }, await Column(session, "SHOW DATABASES"));
            // The same names again: nothing of the dropped database is left in the registry.
            await session.ExecuteNonQueryAsync("CREATE DATABASE bfw_acme_run3");
            await session.ExecuteNonQueryAsync("CREATE TABLE bfw_acme_run3.inputs (id BIGINT)");
            CollectionAssert.Contains((await session.QueryAsync("DESCRIBE FORMATTED bfw_acme_run3.inputs")).Rows.Select(r => $"{r[0]} {r[1]}").ToList(), "Table Type: MANAGED_TABLE");
        }
    }

    [TestMethod]
    public async Task ATableCreatedAsSelectIsAParquetFileInTheWarehouseThatGoesWithItsTable()
    {
        var warehouse = Path.Combine(root, ".catalog", "warehouse");
        await using (var engine = TestEngine.StartOn(root))
        await using (var session = await engine.OpenSessionAsync())
        {
            await session.ExecuteNonQueryAsync("CREATE DATABASE db");
            // 2^53 + 1: a value a DOUBLE cannot hold. DuckDB sums BIGINTs into HUGEINT, which Parquet would store as DOUBLE.
            await session.ExecuteNonQueryAsync("CREATE TABLE db.totals STORED AS PARQUET AS SELECT k, SUM(v) AS total, MAX(d) AS d, MAX(s) AS s " +
                "FROM (SELECT 'a' AS k, CAST(9007199254740993 AS BIGINT) AS v, CAST('2026-03-31' AS DATE) AS d, CAST(1.25 AS DECIMAL(9,2)) AS s " +
                "UNION ALL SELECT 'a', CAST(0 AS BIGINT), CAST('2026-01-01' AS DATE), CAST(0.5 AS DECIMAL(9,2))) q GROUP BY k");
            await session.ExecuteNonQueryAsync("CREATE TABLE db.none_yet STORED AS PARQUET AS SELECT 'x' AS k WHERE false");

            var files = Directory.GetFiles(Path.Combine(warehouse, "db", "totals"));
            Assert.HasCount(1, files, "one Parquet file per table written");
            Assert.AreEqual("PAR1", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(files[0])[..4]));
            var row = (await session.QueryAsync("SELECT k, total, CAST(d AS STRING), s FROM db.totals")).Rows.Single();
            Assert.AreEqual(9007199254740993L, Convert.ToInt64(row[1]), "exact, not through a DOUBLE");
            Assert.AreEqual("2026-03-31", Convert.ToString(row[2]));
            Assert.AreEqual(1.25m, Convert.ToDecimal(row[3], System.Globalization.CultureInfo.InvariantCulture));
            CollectionAssert.AreEqual(new[] { "k string", "d date", "s decimal(9,2)" },
                (await session.QueryAsync("DESCRIBE db.totals")).Rows.Where(r => !Equals(r[0], "total")).Select(r => $"{r[0]} {r[1]}").ToList());
            Assert.AreEqual(0L, Convert.ToInt64((await session.QueryAsync("SELECT COUNT(*) FROM db.none_yet")).Rows.Single()[0]));

            Assert.AreEqual("Table has been dropped.", (await session.QueryAsync("DROP TABLE db.totals")).Rows.Single()[0]);
            Assert.IsFalse(Directory.Exists(Path.Combine(warehouse, "db", "totals")), "a dropped managed table's files go with it");
            await session.ExecuteNonQueryAsync("CREATE TABLE db.totals AS SELECT 7 AS n");
            Assert.AreEqual(7, (await session.QueryAsync("SELECT n FROM db.totals")).Rows.Single()[0]);
        }

        await using (var engine = TestEngine.StartOn(root))
        await using (var session = await engine.OpenSessionAsync())
        {
            Assert.AreEqual(7, (await session.QueryAsync("SELECT n FROM db.totals")).Rows.Single()[0], "a restart keeps the table");
            CollectionAssert.Contains((await session.QueryAsync("DESCRIBE FORMATTED db.totals")).Rows.Select(r => $"{r[0]} {r[1]}").ToList(), "Table Type: MANAGED_TABLE");
            await session.ExecuteNonQueryAsync("DROP DATABASE db CASCADE");
            Assert.IsFalse(Directory.Exists(Path.Combine(warehouse, "db")), "a dropped database's managed files go with it");
        }
    }

    [TestMethod]
    public async Task ASecondEngineOnAHeldRootFailsNamingTheRoot()
    {
        await using (TestEngine.StartOn(root))
        {
            var e = Assert.ThrowsExactly<InvalidOperationException>(() => TestEngine.StartOn(root));
            StringAssert.Contains(e.Message, root);
            StringAssert.Contains(e.Message, "held by another running engine");
        }
        await using var next = TestEngine.StartOn(root);
        await using var session = await next.OpenSessionAsync();
        Assert.AreEqual(1, (await session.QueryAsync("SELECT 1")).Rows.Single()[0], "the root is free once its engine stopped");
    }

    [TestMethod]
    public async Task AnEngineDisposedDuringALongQueryRestartsWithWhatWasCommitted()
    {
        var engine = TestEngine.StartOn(root);
        var session = await engine.OpenSessionAsync();
        await session.ExecuteNonQueryAsync("CREATE DATABASE bfw_acme_run9");
        await session.ExecuteNonQueryAsync($"CREATE TABLE bfw_acme_run9.kept AS SELECT n AS x FROM {ImpalaNumbers.Upto(1000)} r");
        await session.ExecuteNonQueryAsync("CREATE VIEW bfw_acme_run9.v AS SELECT count(*) AS n FROM bfw_acme_run9.kept");
        var crashing = session.ExecuteNonQueryAsync(
            $"CREATE TABLE bfw_acme_run9.lost STORED AS PARQUET AS SELECT count(*) AS n FROM {ImpalaNumbers.Upto(10000000000000, "i")} t WHERE i % 7 = 3",
            new Hs2QueryOptions { Timeout = TimeSpan.FromMinutes(2) });
        for (var i = 0; i < 500 && engine.Engine.OpenOperations == 0; i++) await Task.Delay(10);
        Assert.AreEqual(1, engine.Engine.OpenOperations, "the long query is running");
        await engine.DisposeAsync(); // as the offload's crash tests do
        await Assert.ThrowsAsync<Exception>(() => crashing);
        await session.DisposeAsync();

        await using var restarted = TestEngine.StartOn(root);
        await using var again = await restarted.OpenSessionAsync();
        CollectionAssert.AreEqual(new[] { "kept", "v" }, await Column(again, "SHOW TABLES IN bfw_acme_run9"));
        Assert.AreEqual(1000L, (await again.QueryAsync("SELECT n FROM bfw_acme_run9.v")).Rows.Single()[0]);
        await again.ExecuteNonQueryAsync("CREATE TABLE bfw_acme_run9.lost AS SELECT 1 AS n");
    }
}
