using System.Data;
using System.Globalization;
using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Impala.Staging;
using BrightFunnel.Warehouse.Impala.Types;

namespace BrightFunnel.Warehouse.Tests.Impala;

/// <summary>
/// Partitioned external Parquet tables on the local engine, as Impala has them (the event lake's
/// <c>web_events</c>): PARTITIONED BY, ADD / DROP PARTITION, SHOW PARTITIONS, REFRESH of a
/// partition, the partition column read as a column, an empty partition, and the partitions kept
/// across a restart as the metastore keeps them.
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class LocalEnginePartitionTests
{
    const string Create = "CREATE EXTERNAL TABLE IF NOT EXISTS lake.visits (id BIGINT, page STRING) PARTITIONED BY (day STRING) STORED AS PARQUET LOCATION '/lake/visits'";

    string root = null!;

    [TestInitialize]
    public void CreateRoot() => root = Directory.CreateTempSubdirectory("bfw-impala-partitions-").FullName;

    [TestCleanup]
    public void DeleteRoot()
    {
        try { Directory.Delete(root, recursive: true); }
        catch (IOException) { }
    }

    /// <summary>Writes rows (id, page) as a Parquet file into a folder of the root.</summary>
    async Task WriteAsync(string folder, params long[] ids)
    {
        var table = new DataTable();
        table.Columns.Add("id", typeof(long));
        table.Columns.Add("page", typeof(string));
        foreach (var id in ids) table.Rows.Add(id, $"/p{id}");
        using var reader = table.CreateDataReader();
        await new ParquetTableWriter([new("id", ImpalaType.BigInt), new("page", ImpalaType.String)]).WriteAsync(reader, new LocalStagingStore(root), folder);
    }

    static async Task<List<string>> Rows(Hs2Session session, string sql) =>
        (await session.QueryAsync(sql)).Rows.Select(r => string.Join("|", r.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)))).ToList();

    static async Task<string> ErrorOf(Hs2Session session, string sql) =>
        (await Assert.ThrowsExactlyAsync<Hs2QueryException>(() => session.ExecuteNonQueryAsync(sql))).ServerMessage;

    [TestMethod]
    public async Task PartitionsAreAddedListedRefreshedReadAsAColumnDroppedAndKeptAcrossARestart()
    {
        await using (var engine = TestEngine.StartOn(root))
        await using (var session = await engine.OpenSessionAsync())
        {
            await session.ExecuteNonQueryAsync("CREATE DATABASE lake");
            await session.ExecuteNonQueryAsync(Create);
            CollectionAssert.AreEqual(new[] { "0" }, await Rows(session, "SELECT count(*) FROM lake.visits"), "no partition yet: an empty table");

            // A partition with no files yet is a partition, and empty.
            await session.ExecuteNonQueryAsync("ALTER TABLE lake.visits ADD IF NOT EXISTS PARTITION (day='2026-12-01')");
            CollectionAssert.AreEqual(new[] { "2026-12-01|-1|0|0B|NOT CACHED|NOT CACHED|PARQUET|false|/lake/visits/day=2026-12-01", "Total|-1|0|0B|NOT CACHED|NOT CACHED|||" },
                await Rows(session, "SHOW PARTITIONS lake.visits"));
            CollectionAssert.AreEqual(new[] { "0" }, await Rows(session, "SELECT count(*) FROM lake.visits"));

            // Files written later appear after REFRESH of that partition, not before (Impala's metadata cache).
            await WriteAsync("lake/visits/day=2026-12-01", 1, 2, 3);
            CollectionAssert.AreEqual(new[] { "0" }, await Rows(session, "SELECT count(*) FROM lake.visits"));
            await session.ExecuteNonQueryAsync("REFRESH lake.visits PARTITION (day='2026-12-01')");
            CollectionAssert.AreEqual(new[] { "3" }, await Rows(session, "SELECT count(*) FROM lake.visits"));

            // A partition added with files already there lists them; one elsewhere takes its LOCATION.
            await WriteAsync("lake/visits/day=2026-12-02", 4);
            await WriteAsync("elsewhere/dec3", 5, 6);
            await session.ExecuteNonQueryAsync("ALTER TABLE lake.visits ADD IF NOT EXISTS PARTITION (day='2026-12-01') PARTITION (day='2026-12-02') PARTITION (day='2026-12-03') LOCATION '/elsewhere/dec3'");
            CollectionAssert.AreEqual(new[] { "2026-12-01|3", "2026-12-02|1", "2026-12-03|2" },
                await Rows(session, "SELECT day, count(*) FROM lake.visits GROUP BY day ORDER BY day"));
            CollectionAssert.AreEqual(new[] { "4|/p4|2026-12-02" }, await Rows(session, "SELECT id, page, day FROM lake.visits WHERE day = '2026-12-02'"));
            CollectionAssert.AreEqual(new[] { "id|bigint|", "page|string|", "day|string|" }, await Rows(session, "DESCRIBE lake.visits"));

            StringAssert.Contains(await ErrorOf(session, "ALTER TABLE lake.visits ADD PARTITION (day='2026-12-01')"), "Partition already exists");
            StringAssert.Contains(await ErrorOf(session, "REFRESH lake.visits PARTITION (day='2027-01-01')"), "Partition not found");
            StringAssert.Contains(await ErrorOf(session, "ALTER TABLE lake.visits ADD PARTITION (month='2026-12')"), "Partition column month not found");

            // DROP PARTITION forgets the partition; an external table's files stay.
            await session.ExecuteNonQueryAsync("ALTER TABLE lake.visits DROP IF EXISTS PARTITION (day='2026-12-03')");
            Assert.IsTrue(File.Exists(Path.Combine(root, "elsewhere", "dec3", "part-00000.parquet")));
            await session.ExecuteNonQueryAsync("ALTER TABLE lake.visits DROP IF EXISTS PARTITION (day='2026-12-03')");
            StringAssert.Contains(await ErrorOf(session, "ALTER TABLE lake.visits DROP PARTITION (day='2026-12-03')"), "No matching partition");
        }

        // The metastore outlives the engine: partitions, their locations and the partition column.
        await using (var engine = TestEngine.StartOn(root))
        await using (var session = await engine.OpenSessionAsync())
        {
            CollectionAssert.AreEqual(new[] { "2026-12-01|3", "2026-12-02|1" }, await Rows(session, "SELECT day, count(*) FROM lake.visits GROUP BY day ORDER BY day"));
            CollectionAssert.AreEqual(new[] { "2026-12-01", "2026-12-02", "Total" }, (await Rows(session, "SHOW PARTITIONS lake.visits")).Select(r => r.Split('|')[0]).ToList());
            await session.ExecuteNonQueryAsync(Create); // IF NOT EXISTS: the table and its partitions stay as they are
            CollectionAssert.AreEqual(new[] { "4" }, await Rows(session, "SELECT count(*) FROM lake.visits"));
        }
    }

    [TestMethod]
    public async Task PartitionStatementsOnTablesThatAreNotPartitionedGetImpalasErrors()
    {
        await using var engine = TestEngine.StartOn(root);
        await using var session = await engine.OpenSessionAsync();
        await session.ExecuteNonQueryAsync("CREATE DATABASE lake");
        await session.ExecuteNonQueryAsync("CREATE EXTERNAL TABLE lake.flat (id BIGINT) STORED AS PARQUET LOCATION '/lake/flat'");
        await session.ExecuteNonQueryAsync("CREATE VIEW lake.v AS SELECT 1 AS x");
        StringAssert.Contains(await ErrorOf(session, "SHOW PARTITIONS lake.flat"), "Table is not partitioned: lake.flat");
        StringAssert.Contains(await ErrorOf(session, "ALTER TABLE lake.flat ADD PARTITION (day='2026-12-01')"), "Table is not partitioned");
        StringAssert.Contains(await ErrorOf(session, "SHOW PARTITIONS lake.v"), "not applicable to a view");
        StringAssert.Contains(await ErrorOf(session, "CREATE EXTERNAL TABLE lake.dup (day STRING) PARTITIONED BY (day STRING) STORED AS PARQUET LOCATION '/lake/dup'"), "Duplicate column name: day");
        StringAssert.Contains(await ErrorOf(session, "ALTER TABLE lake.flat RENAME TO lake.other"), "only ALTER TABLE … ADD PARTITION and DROP PARTITION");
    }

    /// <summary>What the event lake sends (ImpalaDdl) and what these tests send, held against the grammar that is not ours.</summary>
    [TestMethod]
    public async Task ThePartitionStatementsAreImpalas()
    {
        string[] statements =
        [
            ImpalaDdl.CreatePartitionedExternalTable("bfw_acme", "web_events", [new("event_id", ImpalaType.String), new("event_ts", ImpalaType.BigInt)], ["day"], "/events/acme"),
            ImpalaDdl.AddPartition("bfw_acme", "web_events", "day", "2026-12-01"),
            ImpalaDdl.RefreshPartition("bfw_acme", "web_events", "day", "2026-12-01"),
            Create,
            "ALTER TABLE lake.visits ADD IF NOT EXISTS PARTITION (day='2026-12-03') LOCATION '/elsewhere/dec3'",
            "ALTER TABLE lake.visits DROP IF EXISTS PARTITION (day='2026-12-03')",
            "SHOW PARTITIONS lake.visits",
        ];
        var findings = await ImpalaGrammar.FindingsAsync(statements);
        Assert.AreEqual(0, findings.Count, string.Join("\n", findings));
    }
}
