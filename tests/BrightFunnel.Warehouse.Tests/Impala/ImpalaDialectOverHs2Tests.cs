using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Impala.Engine;
using BrightFunnel.Warehouse.Impala.Engine.Sql.Dialect;

namespace BrightFunnel.Warehouse.Tests.Impala;

/// <summary>The running local engine refuses over HS2 what Impala's front end refuses, and still runs what Impala runs.</summary>
[TestClass]
[TestCategory("integration")]
public sealed class ImpalaDialectOverHs2Tests
{
    static TestEngine engine = null!;

    [ClassInitialize]
    public static async Task Start(TestContext _)
    {
        engine = TestEngine.Start();
        await using var session = await engine.OpenSessionAsync();
        await session.ExecuteNonQueryAsync("CREATE TABLE t (a INT, s STRING)");
        await session.ExecuteNonQueryAsync("INSERT INTO t VALUES (1, 'x'), (2, 'y')");
    }

    [ClassCleanup]
    public static async Task Stop() => await engine.DisposeAsync();

    public static IEnumerable<object[]> Refused => ImpalaDialectCases.Refused;

    [TestMethod]
    [DynamicData(nameof(Refused))]
    public async Task RefusedWithImpalasMessage(string sql, string message)
    {
        await using var session = await engine.OpenSessionAsync();
        var e = await Assert.ThrowsExactlyAsync<Hs2QueryException>(() => session.QueryAsync(sql), sql);
        StringAssert.StartsWith(e.ServerMessage, "AnalysisException: " + message, sql);
    }

    [TestMethod]
    public async Task DoubleQuotesMakeAStringNotAColumn()
    {
        await using var session = await engine.OpenSessionAsync();
        Assert.AreEqual("a", (await session.QueryAsync("select \"a\"")).Rows.Single()[0]);
        var rows = (await session.QueryAsync("select \"a\" from t")).Rows;
        CollectionAssert.AreEqual(new object?[] { "a", "a" }, rows.Select(r => r[0]).ToList(), "a string per row, not column a");
    }

    /// <summary>|| is OR, as before Impala 4.0 (CDP still ships 3.x): strings are refused, concat() joins them.</summary>
    [TestMethod]
    public async Task DoublePipeIsOrAndStringsAreRefused()
    {
        await using var session = await engine.OpenSessionAsync();
        Assert.AreEqual(true, (await session.QueryAsync("select true || false")).Rows.Single()[0]);
        Assert.AreEqual(2L, (await session.QueryAsync("select count(*) from t where a = 1 || s = 'y'")).Rows.Single()[0]);
        var e = await Assert.ThrowsExactlyAsync<Hs2QueryException>(() => session.QueryAsync("select 'a' || 'b'"));
        StringAssert.Contains(e.ServerMessage, "AnalysisException: Operand ''a'' part of predicate ''a' OR 'b'' should return type 'BOOLEAN' but returns type 'STRING'.");
        StringAssert.Contains(e.ServerMessage, "use concat() for strings");
        Assert.AreEqual("ab", (await session.QueryAsync("select concat('a', 'b')")).Rows.Single()[0]);
    }

    [TestMethod]
    public async Task ReservedWordsFollowTheEnginesVersion()
    {
        await using var old = TestEngine.Start(new LocalImpalaEngineOptions { ReservedWordsVersion = ReservedWordsVersion.Impala2_11 });
        await using var session = await old.OpenSessionAsync();
        Assert.AreEqual(1, (await session.QueryAsync("select 1 as position")).Rows.Single()[0]);
        var e = await Assert.ThrowsExactlyAsync<Hs2QueryException>(() => session.QueryAsync("select 1 as location"));
        StringAssert.Contains(e.ServerMessage, "Encountered: LOCATION");
    }

    /// <summary>
    /// Not modelled (docs/decisions/impala-dialect-guard.md): DuckDB casts a STRING column to the
    /// number it is compared with (a literal or a column), so this fails only when a value does not
    /// convert, and then at run time. Impala refuses it before running ("operands of type STRING
    /// and TINYINT are not comparable"). This test pins DuckDB's behaviour so a change is noticed.
    /// </summary>
    [TestMethod]
    [DataRow("select a from t where s = 1")]
    [DataRow("select a from t where s = a")]
    [DataRow("select a from t where a = 1 and s = true")]
    public async Task AStringColumnComparedWithANumberFailsOnlyWhenAValueDoesNotConvert(string sql)
    {
        await using var session = await engine.OpenSessionAsync();
        var e = await Assert.ThrowsExactlyAsync<Hs2QueryException>(() => session.QueryAsync(sql));
        StringAssert.StartsWith(e.ServerMessage, "Conversion Error: Could not convert string 'x'");
    }
}
