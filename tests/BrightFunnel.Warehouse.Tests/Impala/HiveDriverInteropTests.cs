using BrightFunnel.Warehouse.Testing;
using System.Text.Json;
using BrightFunnel.Warehouse.Impala.Engine;

namespace BrightFunnel.Warehouse.Tests.Impala;

/// <summary>
/// A HiveServer2 client we did not write — npm's <c>hive-driver</c> 1.0.0 (Thrift 0.20 for node) —
/// connects to the local engine, runs a query and reads every row and null. It asks for protocol
/// V10, fetches with FETCH_FIRST then FETCH_NEXT and stops on the final empty batch.
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class HiveDriverInteropTests
{
    const string Version = "1.0.0";

    static readonly string Query = $"""
        SELECT n AS id,
               CASE WHEN n % 4 = 1 THEN NULL ELSE concat('name ', CAST(n AS STRING)) END AS name,
               CASE WHEN n % 3 = 2 THEN NULL ELSE CAST(n AS DOUBLE) / 2 END AS half,
               CASE WHEN n % 5 = 0 THEN NULL ELSE CAST(n * 10 + 0.5 AS DECIMAL(10,2)) END AS amount,
               CASE WHEN n % 7 = 3 THEN NULL ELSE n % 2 = 0 END AS even,
               CAST('2024-02-29 12:00:00' AS TIMESTAMP) AS ts,
               CAST('2024-02-29' AS DATE) AS day
        FROM {ImpalaNumbers.Upto(250)} r ORDER BY id
        """;

    static string ProbeScript => Path.Combine(AppContext.BaseDirectory, "Impala", "hive-driver", "probe.js");

    static async Task<JsonElement> ProbeAsync(int port, string mode, string? user = null, string? password = null)
    {
        var prefix = await NodePackages.EnsureInstalledAsync("hive-driver", Version);
        var env = new Dictionary<string, string>
        {
            ["NODE_PATH"] = Path.Combine(prefix, "node_modules"),
            ["HS2_HOST"] = "127.0.0.1",
            ["HS2_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["HS2_MODE"] = mode,
            ["HS2_USER"] = user ?? "",
            ["HS2_PASSWORD"] = password ?? "",
            ["HS2_SQL"] = Query,
            ["HS2_FETCH"] = "100",
        };
        var (code, output) = await NodePackages.RunAsync("node", [ProbeScript], prefix, env, TimeSpan.FromMinutes(2));
        Assert.AreEqual(0, code, $"hive-driver probe failed:\n{output}");
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    static void AssertEveryRowAndNull(JsonElement result)
    {
        var rows = result.GetProperty("rows").EnumerateArray().ToList();
        Assert.AreEqual(250, rows.Count);
        // 250 rows at 100 per fetch: three batches with rows and the final empty one.
        Assert.AreEqual(4, result.GetProperty("batches").GetInt32());
        var types = result.GetProperty("schema").EnumerateArray().Select(c => c.GetProperty("type").GetInt32()).ToArray();
        CollectionAssert.AreEqual(new[] { 4, 7, 6, 15, 0, 8, 17 }, types, "BIGINT STRING DOUBLE DECIMAL BOOLEAN TIMESTAMP DATE");
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            Assert.AreEqual(i, row.GetProperty("id").GetInt64());
            Check(row, "name", i % 4 == 1, v => Assert.AreEqual($"name {i}", v.GetString()));
            Check(row, "half", i % 3 == 2, v => Assert.AreEqual(i / 2.0, v.GetDouble()));
            Check(row, "amount", i % 5 == 0, v => Assert.AreEqual(i * 10 + 0.5m, v.GetDecimal()));
            Check(row, "even", i % 7 == 3, v => Assert.AreEqual(i % 2 == 0, v.GetBoolean()));
            Assert.AreEqual("2024-02-29 12:00:00", row.GetProperty("ts").GetString());
            Assert.AreEqual("2024-02-29", row.GetProperty("day").GetString());
        }
    }

    static void Check(JsonElement row, string column, bool expectNull, Action<JsonElement> value)
    {
        var v = row.GetProperty(column);
        Assert.AreEqual(expectNull, v.ValueKind == JsonValueKind.Null, $"{column} of row {row.GetProperty("id")}");
        if (!expectNull) value(v);
    }

    [TestMethod]
    public async Task HiveDriverReadsEveryRowAndNullOverBinaryNoSasl()
    {
        await using var engine = TestEngine.Start();
        AssertEveryRowAndNull(await ProbeAsync(engine.Engine.Port, "nosasl"));
        await engine.AssertAllClosedAsync();
    }

    [TestMethod]
    public async Task HiveDriverAuthenticatesWithSaslPlain()
    {
        await using var engine = TestEngine.Start(new LocalImpalaEngineOptions { Users = new Dictionary<string, string> { ["analyst"] = "pw-1" } });
        AssertEveryRowAndNull(await ProbeAsync(engine.Engine.Port, "plain", "analyst", "pw-1"));
    }

    [TestMethod]
    public async Task HiveDriverOverHttpWithBasicAuth()
    {
        await using var engine = TestEngine.Start(new LocalImpalaEngineOptions { Users = new Dictionary<string, string> { ["analyst"] = "pw-2" } });
        AssertEveryRowAndNull(await ProbeAsync(engine.Engine.Port, "http", "analyst", "pw-2"));
    }
}
