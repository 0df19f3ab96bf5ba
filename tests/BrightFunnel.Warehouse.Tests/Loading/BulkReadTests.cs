using BrightFunnel.Warehouse.Impala.Staging;
using BrightFunnel.Warehouse.Orchestrator.Loading;
using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Tests.Loading;

/// <summary>
/// Staging and publish read whole tables through <see cref="BulkRead"/> (MySqlConnector) while the
/// rest of the orchestrator uses MySql.Data: every kind of value they read must come back as
/// MySql.Data gives it, since the TSV writer and the staged Parquet columns are typed by it.
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class BulkReadTests
{
    string db = "";
    MySqlConnection mysql = null!;

    [TestInitialize]
    public void Setup()
    {
        db = TestServer.CreateDatabase("bft_bulk_");
        mysql = TestServer.Open(db);
        mysql.Execute("""
            CREATE TABLE kinds (
              id BIGINT PRIMARY KEY, day DATE NULL, at DATETIME(6) NULL, amount DECIMAL(18,2) NULL, n INT UNSIGNED NULL,
              flag TINYINT(1) NULL, small TINYINT NULL, uuid CHAR(36) NULL, label VARCHAR(100) CHARACTER SET utf8mb4 NULL, share DOUBLE NULL)
            """);
        mysql.Execute("""
            INSERT INTO kinds VALUES
              (1, '2026-03-31', '2026-03-31 23:59:58.123456', 1234567.89, 4000000000, 1, -5, '0f8fad5b-d9cb-469f-a165-70867728950e', 'Ünïcødé 🚀 tab	here', 0.1),
              (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
            """);
    }

    [TestCleanup]
    public void Cleanup()
    {
        mysql.Dispose();
        TestServer.DropDatabases(db);
    }

    [TestMethod]
    public void EveryKindOfValueReadsAsMySqlDataReadsIt()
    {
        const string select = "SELECT * FROM kinds ORDER BY id";
        var expected = Rows(mysql.ExecuteReader(select));
        using var bulk = BulkRead.Open(TestServer.ConnectionString + $";Database={db}");
        var actual = Rows(bulk.ExecuteReader(select));
        Assert.HasCount(2, actual);
        for (var r = 0; r < expected.Count; r++)
            for (var c = 0; c < expected[r].Length; c++)
            {
                Assert.AreEqual(expected[r][c].GetType(), actual[r][c].GetType(), $"row {r + 1}, column {c + 1}: the type");
                Assert.AreEqual(expected[r][c], actual[r][c], $"row {r + 1}, column {c + 1}");
            }
    }

    [TestMethod]
    public void TheStagedColumnsAreTypedTheSameByEitherDriver()
    {
        const string select = "SELECT * FROM kinds";
        using var data = mysql.ExecuteReader(select);
        var expected = ParquetTableWriter.ColumnsOf((System.Data.Common.DbDataReader)data);
        data.Dispose();
        using var bulk = BulkRead.Open(TestServer.ConnectionString + $";Database={db}");
        using var reader = bulk.ExecuteReader(select);
        CollectionAssert.AreEqual(expected.ToList(), ParquetTableWriter.ColumnsOf((System.Data.Common.DbDataReader)reader).ToList());
    }

    [TestMethod]
    public void TheConnectionGoesWhereTheMySqlDataOneGoesWithItsCredentials()
    {
        var translated = new MySqlConnector.MySqlConnectionStringBuilder(BulkRead.Translate(TestServer.ConnectionString + $";Database={db}"));
        var original = new MySqlConnectionStringBuilder(TestServer.ConnectionString);
        Assert.AreEqual((original.Server, original.Port, original.UserID, original.Password, db),
            (translated.Server, translated.Port, translated.UserID, translated.Password, translated.Database));
        Assert.AreEqual(MySqlConnector.MySqlSslMode.Required,
            new MySqlConnector.MySqlConnectionStringBuilder(BulkRead.Translate("Server=h;User ID=u;SslMode=Required")).SslMode);
    }

    static List<object[]> Rows(System.Data.IDataReader reader)
    {
        using (reader)
        {
            var rows = new List<object[]>();
            while (reader.Read())
            {
                var values = new object[reader.FieldCount];
                reader.GetValues(values);
                rows.Add(values);
            }
            return rows;
        }
    }
}
