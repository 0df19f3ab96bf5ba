using System.Text.Json;
using BrightFunnel.Warehouse.Testing;
using BrightFunnel.Warehouse.Impala.Engine;

namespace BrightFunnel.Warehouse.Tests.Impala;

/// <summary>
/// <c>bfw impala serve --profile DIR</c>: the engine's own view of the statements that write tables,
/// which <c>./run bench profile</c> reads (issue 28: DuckDB's profile of the top statements).
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class LocalEngineProfileTests
{
    [TestMethod]
    public async Task AStatementThatWritesATableLeavesItsPlanWithTheStatementBesideIt()
    {
        var folder = Path.Combine(Directory.CreateTempSubdirectory("bfw-profile-").FullName, "profiles");
        try
        {
            await using var engine = TestEngine.Start(new LocalImpalaEngineOptions { ProfileFolder = folder });
            await using var session = await engine.OpenSessionAsync();
            await session.ExecuteNonQueryAsync("CREATE DATABASE IF NOT EXISTS profiled");
            const string statement = "/* bfw: sql/impala/test/grouped.sql */ CREATE TABLE profiled.grouped STORED AS PARQUET AS " +
                                     "SELECT n % 10 AS k, COUNT(*) AS c FROM profiled.numbers GROUP BY n % 10";
            await session.ExecuteNonQueryAsync($"CREATE TABLE profiled.numbers STORED AS PARQUET AS SELECT n FROM {ImpalaNumbers.Upto(1000)} r");
            await session.ExecuteNonQueryAsync(statement);
            var before = Directory.GetFiles(folder, "*.json").Length;
            var read = await session.QueryAsync("SELECT COUNT(*) FROM profiled.grouped");

            Assert.AreEqual(10L, Convert.ToInt64(read.Rows[0][0]));
            Assert.AreEqual(before, Directory.GetFiles(folder, "*.json").Length, "a query that writes no table leaves no profile");
            var grouped = Directory.GetFiles(folder, "*.sql").Single(f => File.ReadAllText(f) == statement);
            using var profile = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(grouped, ".json")));
            Assert.IsTrue(profile.RootElement.GetProperty("latency").GetDouble() > 0);
            var operators = new List<string>();
            void Walk(JsonElement node)
            {
                foreach (var child in node.GetProperty("children").EnumerateArray())
                {
                    operators.Add(child.GetProperty("operator_name").GetString()!.Trim());
                    Walk(child);
                }
            }
            Walk(profile.RootElement);
            CollectionAssert.Contains(operators, "COPY_TO_FILE"); // the table's rows written as its Parquet file
            Assert.IsTrue(operators.Any(o => o.Contains("GROUP_BY", StringComparison.Ordinal)), string.Join(", ", operators));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(folder)!, true);
        }
    }
}
