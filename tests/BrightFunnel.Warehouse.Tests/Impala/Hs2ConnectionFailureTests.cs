using BrightFunnel.Warehouse.Testing;
using BrightFunnel.Warehouse.Impala.Client;

namespace BrightFunnel.Warehouse.Tests.Impala;

/// <summary>A dead connection is a clear error; only idempotent RPCs are retried on a new one.</summary>
[TestClass]
[TestCategory("integration")]
public sealed class Hs2ConnectionFailureTests
{
    [TestMethod]
    public async Task NothingListeningIsAClearConnectError()
    {
        int port;
        await using (var engine = TestEngine.Start()) port = engine.Engine.Port;
        var e = await Assert.ThrowsExactlyAsync<Hs2ConnectionException>(() =>
            Hs2Session.OpenAsync(new Hs2Options { Host = "127.0.0.1", Port = port, RetryDelay = TimeSpan.FromMilliseconds(10) }));
        StringAssert.Contains(e.Message, $"binary://127.0.0.1:{port}");
        StringAssert.Contains(e.Message, "cannot connect");
        StringAssert.Contains(e.Message, "after 3 attempts");
    }

    [TestMethod]
    public async Task StatementOnADroppedConnectionIsNotRetried()
    {
        await using var engine = TestEngine.Start();
        await using var session = await engine.OpenSessionAsync();
        engine.Engine.DropConnections();
        await Task.Delay(50);
        var e = await Assert.ThrowsExactlyAsync<Hs2ConnectionException>(() => session.ExecuteAsync($"SELECT 1 AS one\nFROM {ImpalaNumbers.Upto(1)} r"));
        Assert.AreEqual("ExecuteStatement", e.Rpc);
        StringAssert.Contains(e.Message, "not retried, ExecuteStatement is not idempotent");
        StringAssert.Contains(e.Message, "query: SELECT 1 AS one");
        // The next call reconnects; the session survived on the server (disconnected-session timeout).
        Assert.AreEqual(1, (await session.QueryAsync("SELECT 1")).Rows.Count);
    }

    [TestMethod]
    public async Task IdempotentCallsReconnectAndRetry()
    {
        await using var engine = TestEngine.Start();
        await using var session = await engine.OpenSessionAsync();
        await using var op = await session.ExecuteAsync("SELECT 42 AS answer");
        engine.Engine.DropConnections();
        await Task.Delay(50);
        StringAssert.Contains(await op.GetRuntimeProfileAsync(), "SELECT 42");
        Assert.AreEqual(42, (await op.ReadAllAsync()).Rows.Single()[0]);
    }

    [TestMethod]
    public async Task FetchOnADroppedConnectionIsAnError()
    {
        await using var engine = TestEngine.Start();
        await using var session = await engine.OpenSessionAsync();
        await using var op = await session.ExecuteAsync($"SELECT n FROM {ImpalaNumbers.Upto(100)} r", new Hs2QueryOptions { FetchSize = 10 });
        await using var batches = op.FetchBatchesAsync().GetAsyncEnumerator();
        Assert.IsTrue(await batches.MoveNextAsync());
        engine.Engine.DropConnections();
        await Task.Delay(50);
        // The batch fetched ahead before the drop still arrives; the next fetch fails.
        var e = await Assert.ThrowsExactlyAsync<Hs2ConnectionException>(async () => { while (await batches.MoveNextAsync()) { } });
        StringAssert.Contains(e.Message, "FetchResults is not idempotent");
    }

    [TestMethod]
    public async Task AbandonedSessionsExpireAfterTheDisconnectedSessionTimeout()
    {
        await using var engine = TestEngine.Start(new BrightFunnel.Warehouse.Impala.Engine.LocalImpalaEngineOptions { DisconnectedSessionTimeout = TimeSpan.FromMilliseconds(200) });
        var session = await engine.OpenSessionAsync();
        _ = await session.ExecuteAsync($"SELECT n FROM {ImpalaNumbers.Upto(100000)} r"); // left open, results unread
        Assert.AreEqual(1, engine.Engine.OpenOperations);
        // The client goes away without closing anything, as a crashed process would.
        await session.Connection.DisposeAsync();
        // No client comes back: the engine closes the session and its query by itself.
        for (var i = 0; i < 500 && engine.Engine.OpenSessions > 0; i++) await Task.Delay(10);
        Assert.AreEqual(0, engine.Engine.OpenSessions);
        Assert.AreEqual(0, engine.Engine.OpenOperations);
    }

    [TestMethod]
    public async Task EngineGoneMidSessionIsAClearError()
    {
        var engine = TestEngine.Start();
        await using var session = await engine.OpenSessionAsync();
        await engine.DisposeAsync();
        var e = await Assert.ThrowsExactlyAsync<Hs2ConnectionException>(() => session.ExecuteAsync("SELECT 1"));
        StringAssert.Contains(e.Message, "ExecuteStatement");
        StringAssert.Contains(e.Message, "query: SELECT 1");
    }
}
