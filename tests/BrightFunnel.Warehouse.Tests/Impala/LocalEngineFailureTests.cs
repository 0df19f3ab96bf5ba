using BrightFunnel.Warehouse.Testing;
using BrightFunnel.Warehouse.Impala.Client;

namespace BrightFunnel.Warehouse.Tests.Impala;

/// <summary>Errors, timeouts, cancellation and broken connections, over TCP against the local engine.</summary>
[TestClass]
[TestCategory("integration")]
public sealed class LocalEngineFailureTests
{
    /// <summary>Runs until interrupted: no machine counts to 10^13 during a test.</summary>
    static readonly string EndlessQuery = $"SELECT count(*) FROM {ImpalaNumbers.Upto(10000000000000, "i")} t WHERE i % 7 = 3";

    /// <summary>Should the mechanism under test fail, the endless query still ends and the test fails instead of hanging.</summary>
    static readonly Hs2QueryOptions Backstop = new() { Timeout = TimeSpan.FromMinutes(2) };

    [TestMethod]
    public async Task SyntaxErrorNamesSqlStateMessageAndFirstLine()
    {
        await using var engine = TestEngine.Start();
        await using var session = await engine.OpenSessionAsync();
        var e = await Assert.ThrowsExactlyAsync<Hs2QueryException>(() => session.ExecuteAsync("\n  SELECT 1;\n  SELECT 2"));
        Assert.AreEqual("HY000", e.SqlState);
        StringAssert.Contains(e.ServerMessage, "AnalysisException");
        Assert.AreEqual("SELECT 1;", e.StatementFirstLine);
        StringAssert.Contains(e.Message, "SQLSTATE HY000");
        StringAssert.Contains(e.Message, "query: SELECT 1;");
    }

    [TestMethod]
    public async Task UnknownTableIsAnAnalysisErrorFromTheOperationState()
    {
        await using var engine = TestEngine.Start();
        await using var session = await engine.OpenSessionAsync();
        var e = await Assert.ThrowsExactlyAsync<Hs2QueryException>(() => session.ExecuteAsync("SELECT *\nFROM no_such_table"));
        Assert.AreEqual("HY000", e.SqlState);
        StringAssert.Contains(e.ServerMessage, "AnalysisException");
        StringAssert.Contains(e.ServerMessage, "no_such_table");
        Assert.AreEqual("SELECT *", e.StatementFirstLine);
        await engine.AssertSessionHasNoOperationsAsync();
    }

    [TestMethod]
    public async Task RuntimeErrorSurfacesAndTheSessionStaysUsable()
    {
        await using var engine = TestEngine.Start();
        await using var session = await engine.OpenSessionAsync();
        var e = await Assert.ThrowsExactlyAsync<Hs2QueryException>(() =>
            session.QueryAsync($"SELECT CAST(concat('x', CAST(n AS STRING)) AS INT) FROM {ImpalaNumbers.Upto(10)} r"));
        StringAssert.Contains(e.ServerMessage, "Could not convert");
        var ok = await session.QueryAsync("SELECT 41 + 1 AS answer");
        Assert.AreEqual(42, ok.Rows.Single()[0]);
    }

    [TestMethod]
    public async Task TimeoutCancelsAndClosesTheQueryOnTheServer()
    {
        await using var engine = TestEngine.Start();
        await using var session = await engine.OpenSessionAsync();
        var e = await Assert.ThrowsExactlyAsync<Hs2QueryTimeoutException>(() =>
            session.ExecuteAsync(EndlessQuery, new Hs2QueryOptions { Timeout = TimeSpan.FromMilliseconds(300) }));
        Assert.AreEqual("HYT00", e.SqlState);
        StringAssert.Contains(e.Message, "SELECT count(*)");
        await engine.AssertSessionHasNoOperationsAsync();
        Assert.AreEqual(1, (await session.QueryAsync("SELECT 1")).Rows.Count, "the session still works after a cancel");
    }

    [TestMethod]
    public async Task CallerCancellationCancelsTheQuery()
    {
        await using var engine = TestEngine.Start();
        await using var session = await engine.OpenSessionAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAsync<OperationCanceledException>(() => session.ExecuteAsync(EndlessQuery, null, cts.Token));
        await engine.AssertSessionHasNoOperationsAsync();
    }

    [TestMethod]
    public async Task CancelOnTheServerIsReportedToTheWaitingClient()
    {
        await using var engine = TestEngine.Start();
        await using var connection = await Hs2Connection.OpenAsync(engine.Options());
        await using var first = await connection.OpenSessionAsync();
        var running = first.ExecuteAsync(EndlessQuery, Backstop);
        for (var i = 0; i < 2000 && engine.Engine.OpenOperations == 0 && !running.IsCompleted; i++) await Task.Delay(5);
        Assert.AreEqual(1, engine.Engine.OpenOperations, "the query is running");
        // The connection is shared: a second session works while the first one polls.
        await using var second = await connection.OpenSessionAsync();
        Assert.AreEqual(2, engine.Engine.OpenSessions);
        Assert.AreEqual(1, (await second.QueryAsync("SELECT 1")).Rows.Count);
        var e = await Assert.ThrowsExactlyAsync<Hs2QueryException>(async () =>
        {
            // As an administrator would from Impala's web UI.
            engine.Engine.CancelAllQueries();
            await running;
        });
        StringAssert.Contains(e.ServerMessage, "cancelled");
    }

    [TestMethod]
    public async Task QueryOptionsInConfOverlayAreHonoured()
    {
        await using var engine = TestEngine.Start();
        await using var session = await engine.OpenSessionAsync();
        var e = await Assert.ThrowsExactlyAsync<Hs2QueryException>(() => session.ExecuteAsync(EndlessQuery,
            new Hs2QueryOptions { QueryOptions = new Dictionary<string, string> { ["EXEC_TIME_LIMIT_S"] = "0.2" }, Timeout = Backstop.Timeout }));
        StringAssert.Contains(e.ServerMessage, "expired due to execution time limit");
        // The overlay applied to that statement only.
        var options = await session.QueryAsync("SET");
        Assert.IsFalse(options.Rows.Any(r => (string?)r[0] == "EXEC_TIME_LIMIT_S"));
    }

    [TestMethod]
    public async Task SessionConfigurationSetsDatabaseAndOptions()
    {
        await using var engine = TestEngine.Start();
        await using (var setup = await engine.OpenSessionAsync())
            await setup.ExecuteNonQueryAsync("CREATE DATABASE conf_db");
        var options = engine.Options() is var o ? new Hs2Options
        {
            Host = o.Host, Port = o.Port, PollInitialDelay = o.PollInitialDelay, PollMaxDelay = o.PollMaxDelay,
            SessionConfiguration = new Dictionary<string, string> { ["use:database"] = "conf_db", ["MEM_LIMIT"] = "2g" },
        } : null!;
        await using var session = await Hs2Session.OpenAsync(options);
        await session.ExecuteNonQueryAsync("CREATE TABLE t (x INT)");
        var tables = await session.QueryAsync("SHOW TABLES IN conf_db");
        Assert.AreEqual("t", tables.Rows.Single()[0]);
        var set = await session.QueryAsync("SET");
        Assert.IsTrue(set.Rows.Any(r => (string?)r[0] == "MEM_LIMIT" && (string?)r[1] == "2g"));
    }

    [TestMethod]
    public async Task FetchFirstAfterRowsIsRefusedAsImpalaDoes()
    {
        await using var engine = TestEngine.Start();
        await using var session = await engine.OpenSessionAsync();
        await using var op = await session.ExecuteAsync($"SELECT n FROM {ImpalaNumbers.Upto(10)} r", new Hs2QueryOptions { FetchSize = 4 });
        await using var batches = op.FetchBatchesAsync().GetAsyncEnumerator();
        Assert.IsTrue(await batches.MoveNextAsync());
        var e = await Assert.ThrowsExactlyAsync<Hs2QueryException>(() => RawFetchFirstAsync(op));
        StringAssert.Contains(e.ServerMessage, "Restarting of fetch requires enabling of query result caching");
    }

    static Task RawFetchFirstAsync(Hs2Operation op) => Hs2TestHooks.FetchFirstAsync(op);

    [TestMethod]
    public async Task TwoSessionsRunInParallel()
    {
        await using var engine = TestEngine.Start();
        await using var a = await engine.OpenSessionAsync();
        await using var b = await engine.OpenSessionAsync();
        await a.ExecuteNonQueryAsync("CREATE DATABASE par_a");
        await a.ExecuteNonQueryAsync("USE par_a");
        await a.ExecuteNonQueryAsync($"CREATE TABLE t AS SELECT n AS v FROM {ImpalaNumbers.Upto(100000)} r");
        // A long query in one session does not hold up the other.
        var slow = a.QueryAsync($"SELECT count(*) FROM t x CROSS JOIN {ImpalaNumbers.Upto(500)} y WHERE (x.v + y.n) % 97 = 0");
        var quick = await b.QueryAsync("SELECT 7 AS v");
        Assert.AreEqual(7, quick.Rows.Single()[0]);
        Assert.AreEqual(0, (await b.QueryAsync("SHOW TABLES")).Rows.Count, "USE in one session does not move the other");
        var both = await Task.WhenAll(slow, b.QueryAsync("SELECT sum(v) FROM par_a.t"));
        Assert.IsTrue(Convert.ToInt64(both[0].Rows.Single()[0]) > 0);
        Assert.AreEqual(100000L * 99999 / 2, both[1].Rows.Single()[0]);
    }

    [TestMethod]
    public async Task ProfileAndLogDescribeTheQuery()
    {
        await using var engine = TestEngine.Start();
        await using var session = await engine.OpenSessionAsync();
        await using var op = await session.ExecuteAsync("SELECT nvl(NULL, 5) AS five");
        var profile = await op.GetRuntimeProfileAsync();
        StringAssert.Contains(profile, "Sql Statement: SELECT nvl(NULL, 5) AS five");
        StringAssert.Contains(profile, "coalesce(NULL, 5)");
        Assert.AreEqual("", await op.GetLogAsync());
    }
}
