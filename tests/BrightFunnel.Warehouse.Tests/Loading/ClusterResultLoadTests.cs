using BrightFunnel.Warehouse.Impala.Staging;
using BrightFunnel.Warehouse.Orchestrator.Loading;
using BrightFunnel.Warehouse.Tests.Impala;
using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Tests.Loading;

/// <summary>The load of a cluster result alone: a MySQL table staged to the local engine and loaded back through HS2 and LOAD DATA.</summary>
[TestClass]
[TestCategory("integration")]
public sealed class ClusterResultLoadTests
{
    [TestMethod]
    public async Task AResultLargerThanAChunkArrivesWholeWithNullsAndAwkwardTextIntact()
    {
        using var tenant = new TestTenant();
        await using var engine = TestEngine.Start();
        using var mysql = tenant.Open();
        mysql.Execute("""
            SET SESSION max_recursive_iterations = 10000;
            CREATE TABLE copy_source (id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(40) NULL, amount DECIMAL(18,2) NULL, share DOUBLE NULL);
            INSERT INTO copy_source
            WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
            SELECT i, CASE i % 4 WHEN 0 THEN NULL WHEN 1 THEN CONCAT('tab\there ', i) WHEN 2 THEN CONCAT('back\\slash\nnewline ', i) ELSE CONCAT('plain ', i) END,
                   IF(i % 7 = 0, NULL, i * 1.25), IF(i % 5 = 0, NULL, 1e0 / i)
            FROM n;
            CREATE TABLE copy_target LIKE copy_source;
            """);
        var area = new StagingArea(new LocalStagingStore(engine.Root), tenant.Id.Value, "run1");
        await using (var read = new MySqlCommand("SELECT id, name, amount, share FROM copy_source", mysql).ExecuteReader())
            await area.StageAsync("copy_source", read);
        await using var session = await engine.OpenSessionAsync();
        await area.RegisterAsync(session, "copytest");
        await session.ExecuteNonQueryAsync("USE copytest");

        var load = new ClusterResultLoad(session, mysql, fetchSize: 300) { ChunkBytes = 16_000 };
        var rows = await load.LoadAsync("SELECT share, amount, name, id FROM copy_source", "copy_target", CancellationToken.None);

        Assert.AreEqual(5000L, rows);
        Assert.AreEqual(0L, mysql.ExecuteScalar<long>("""
            SELECT COUNT(*) FROM copy_source s LEFT JOIN copy_target t ON t.id = s.id
            WHERE t.id IS NULL OR NOT (t.name <=> s.name) OR NOT (t.amount <=> s.amount) OR NOT (t.share <=> s.share)
            """), "every row, null and escape survives the trip, each value in the column its name says");
        await area.DropAsync(session, "copytest");
    }
}
