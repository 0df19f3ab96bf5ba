using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Impala.Engine.Catalog;
using BrightFunnel.Warehouse.Impala.Engine.Server;
using NLog;

namespace BrightFunnel.Warehouse.Impala.Engine;

/// <summary>
/// The local Impala engine: an HS2 server on loopback that runs Impala statements on an
/// in-process DuckDB, with a root folder standing in for HDFS. One port serves every HS2
/// transport (binary NOSASL, SASL PLAIN, HTTP <c>/cliservice</c>, each optionally in TLS).
/// Started by <c>bfw impala serve</c>, the demo and the tests (port 0 picks a free port).
/// </summary>
public sealed class LocalImpalaEngine : IAsyncDisposable, IDisposable
{
    static readonly Logger Log = LogManager.GetCurrentClassLogger();

    readonly EngineContext engine;
    readonly TcpListener listener;
    readonly HttpCliService http;
    readonly CancellationTokenSource stopping = new();
    readonly ConcurrentDictionary<long, ClientConnection> connections = new();
    readonly Task acceptLoop;
    readonly Task sweeper;
    long nextConnection;

    LocalImpalaEngine(EngineContext engine, TcpListener listener)
    {
        this.engine = engine;
        this.listener = listener;
        http = new HttpCliService(engine);
        acceptLoop = Task.Run(AcceptAsync);
        sweeper = Task.Run(SweepAsync);
    }

    /// <summary>Starts listening on <paramref name="port"/> (0: any free port) with <paramref name="root"/> as its HDFS.</summary>
    public static LocalImpalaEngine Start(int port = 21050, string? root = null, LocalImpalaEngineOptions? options = null)
    {
        options ??= new LocalImpalaEngineOptions();
        Server.KerberosAcceptor.Register(options);
        root ??= Path.Combine(Directory.GetCurrentDirectory(), ".bfw", "impala");
        if (options.ProfileFolder is { } profiles) Directory.CreateDirectory(profiles);
        var catalog = new EngineCatalog(root, options.Version);
        var listener = new TcpListener(options.BindAddress, port);
        try
        {
            listener.Start();
        }
        catch
        {
            catalog.Dispose();
            throw;
        }
        var engine = new LocalImpalaEngine(new EngineContext(catalog, options), listener);
        Log.Info("local Impala engine on {address}:{port}, root {root}", options.BindAddress, engine.Port, catalog.Paths.Root);
        return engine;
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public IPAddress Address => ((IPEndPoint)listener.LocalEndpoint).Address;

    /// <summary>The folder LOCATIONs resolve under.</summary>
    public string Root => engine.Catalog.Paths.Root;

    public int OpenSessions => engine.Sessions.SessionCount;

    public int OpenOperations => engine.Sessions.OperationCount;

    public int OpenConnections => connections.Count;

    /// <summary>HTTP session cookies issued (each Basic-authenticated request without a valid cookie gets one).</summary>
    public int HttpCookiesIssued => http.CookiesIssued;

    /// <summary>Client options pointing at this engine (binary transport, no auth); adjust with <c>with</c>-style init.</summary>
    public Hs2Options ClientOptions(Hs2TransportMode transport = Hs2TransportMode.Binary) =>
        new() { Host = Address.ToString(), Port = Port, Transport = transport };

    /// <summary>Cuts every client connection, as a network failure would. Sessions survive (disconnected-session timeout).</summary>
    public void DropConnections()
    {
        foreach (var c in connections.Values) c.Abort();
    }

    /// <summary>Cancels every running statement, as an administrator would from Impala's web UI.</summary>
    public void CancelAllQueries() => engine.Sessions.CancelAll();

    async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient socket;
            try
            {
                socket = await listener.AcceptTcpClientAsync(stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                break;
            }
            var connection = new ClientConnection(engine, http, socket, Interlocked.Increment(ref nextConnection));
            connections[connection.Id] = connection;
            _ = Task.Run(async () =>
            {
                try { await connection.RunAsync(stopping.Token); }
                finally { connections.TryRemove(connection.Id, out _); }
            });
        }
    }

    async Task SweepAsync()
    {
        var period = TimeSpan.FromSeconds(Math.Clamp(engine.Options.DisconnectedSessionTimeout.TotalSeconds / 4, 0.05, 30));
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                await Task.Delay(period, stopping.Token);
                await engine.Sessions.ExpireAsync(engine.Options.DisconnectedSessionTimeout);
            }
        }
        catch (OperationCanceledException) { }
    }

    /// <summary>
    /// Stops listening, drops every connection, closes every session and the database. Every
    /// caller waits for the same stop, so whoever returns from it may start a new engine on the root.
    /// </summary>
    public Task StopAsync()
    {
        lock (stopLock) return stopTask ??= StopOnceAsync();
    }

    readonly Lock stopLock = new();
    Task? stopTask;

    async Task StopOnceAsync()
    {
        stopping.Cancel();
        listener.Stop();
        DropConnections();
        await acceptLoop;
        DropConnections(); // one accepted as the listener stopped registers after the first drop, and its client would wait on it forever
        await sweeper;
        await engine.Sessions.CloseAllAsync();
        engine.Catalog.Dispose();
        engine.StatementLog?.Dispose();
        Log.Info("local Impala engine on port {port} stopped", ((IPEndPoint)listener.LocalEndpoint).Port);
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    public void Dispose() => StopAsync().GetAwaiter().GetResult();
}
