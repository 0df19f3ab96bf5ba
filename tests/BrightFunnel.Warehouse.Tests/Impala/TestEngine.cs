using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Impala.Engine;

namespace BrightFunnel.Warehouse.Tests.Impala;

/// <summary>A local Impala engine on a free loopback port with a root folder of its own, for one test or class.</summary>
sealed class TestEngine : IAsyncDisposable
{
    readonly bool ownsRoot;

    TestEngine(LocalImpalaEngine engine, string root, bool ownsRoot = true)
    {
        Engine = engine;
        Root = root;
        this.ownsRoot = ownsRoot;
    }

    public LocalImpalaEngine Engine { get; private set; }

    public string Root { get; }

    public static TestEngine Start(LocalImpalaEngineOptions? options = null)
    {
        UnitRun.Refuse("the local Impala engine");
        var root = Directory.CreateTempSubdirectory("bfw-impala-").FullName;
        return new TestEngine(LocalImpalaEngine.Start(port: 0, root, options), root);
    }

    /// <summary>
    /// Stops the engine as a crash would end it for its clients (every connection dropped, queries
    /// abandoned) and starts a new one on the same root, which must find its catalog there.
    /// </summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        StartAgain();
    }

    /// <summary>Stops the engine and keeps its root: what a killed engine leaves behind.</summary>
    public async Task StopAsync() => await Engine.DisposeAsync();

    /// <summary>Starts a new engine on the stopped one's root (on a new port: the old one may linger in TIME_WAIT).</summary>
    public void StartAgain()
    {
        Engine.StopAsync().GetAwaiter().GetResult(); // a stop begun elsewhere (a tripwire) must have released the root
        Engine = LocalImpalaEngine.Start(port: 0, Root);
    }

    /// <summary>An engine on a root the test keeps (to restart on it): disposing it leaves the root alone.</summary>
    public static TestEngine StartOn(string root, LocalImpalaEngineOptions? options = null)
    {
        UnitRun.Refuse("the local Impala engine");
        return new(LocalImpalaEngine.Start(port: 0, root, options), root, ownsRoot: false);
    }

    /// <summary>Client options for this engine; fast polling so tests stay quick.</summary>
    public Hs2Options Options(Hs2TransportMode transport = Hs2TransportMode.Binary, Hs2AuthMechanism auth = Hs2AuthMechanism.NoSasl,
        string? user = null, string? password = null, int fetchSize = 10_000) => new()
    {
        Host = "127.0.0.1",
        Port = Engine.Port,
        Transport = transport,
        Auth = auth,
        User = user,
        Password = password,
        FetchSize = fetchSize,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        RpcTimeout = TimeSpan.FromSeconds(60),
        PollInitialDelay = TimeSpan.FromMilliseconds(2),
        PollMaxDelay = TimeSpan.FromMilliseconds(50),
        RetryDelay = TimeSpan.FromMilliseconds(20),
    };

    /// <summary>Settings that point the offload at this engine, staging into its root.</summary>
    public BrightFunnel.Warehouse.Orchestrator.ImpalaSettings OffloadSettings(int fetchSize = 50_000) => new()
    {
        Host = "127.0.0.1",
        Port = Engine.Port,
        Root = Root,
        FetchSize = fetchSize,
    };

    public Task<Hs2Session> OpenSessionAsync(Hs2Options? options = null) => Hs2Session.OpenAsync(options ?? Options());

    /// <summary>Waits (bounded) until the engine has closed every session and operation: closing is asynchronous on its side.</summary>
    public async Task AssertAllClosedAsync()
    {
        for (var i = 0; i < 200 && (Engine.OpenSessions > 0 || Engine.OpenOperations > 0); i++) await Task.Delay(10);
        Assert.AreEqual(0, Engine.OpenOperations, "operations left open on the engine");
        Assert.AreEqual(0, Engine.OpenSessions, "sessions left open on the engine");
    }

    /// <summary>Waits (bounded) until no operation is open: a cancelled or failed query must have been closed by the client.</summary>
    public async Task AssertSessionHasNoOperationsAsync()
    {
        for (var i = 0; i < 200 && Engine.OpenOperations > 0; i++) await Task.Delay(10);
        Assert.AreEqual(0, Engine.OpenOperations, "operations left open on the engine");
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        if (!ownsRoot) return;
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}
