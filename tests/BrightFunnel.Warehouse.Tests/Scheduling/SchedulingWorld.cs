using System.Net;
using System.Net.Sockets;
using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Scheduling;
using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Tests.Scheduling;

/// <summary>
/// A control database with Quartz's schema and one pod ("pod", two concurrent cycles) holding
/// the <see cref="TestTenant"/> and as many more tenants as asked for, with scheduler settings
/// made for tests: one-second idle waits and check-ins, retries after 1, 2, 4 s. Scheduler
/// nodes are in-process <see cref="SchedulerNode"/>s with their own instance ids.
/// </summary>
public sealed class SchedulingWorld : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    readonly TestTenant main;
    readonly string exports = Directory.CreateTempSubdirectory("bfw-sched-exports-").FullName;
    readonly List<Node> nodes = [];

    public WarehouseSettings Settings => main.Settings;
    public IReadOnlyList<TenantId> Tenants { get; }
    public RunStore History { get; }
    public TestTenant Main => main;

    public SchedulingWorld(int tenants = 1)
    {
        main = new TestTenant();
        Settings.ExportsRoot = exports; // no exports: ingest is skipped, so cycles are quick
        Settings.Scheduler = new SchedulerSettings
        {
            IdleWaitTime = TimeSpan.FromSeconds(1),
            CheckinInterval = TimeSpan.FromSeconds(1),
            // Generous, so a node slowed by a busy machine is not taken for dead (which would recover its firings).
            CheckinMisfireThreshold = TimeSpan.FromSeconds(15),
            RetryAttempts = 3,
            RetryInitialDelay = TimeSpan.FromSeconds(1),
            RetryBackoffFactor = 2,
            RetryMaxDelay = TimeSpan.FromSeconds(4),
        };
        var ids = new List<TenantId> { main.Id };
        for (var i = 1; i < tenants; i++)
        {
            var id = TenantId.Parse(TestServer.UniqueName("t"));
            ids.Add(id); // before migrating, so Dispose drops it even when migrating fails
            var added = main.Migrations.AddTenant(id, "pod");
            if (!added.Succeeded) throw new InvalidOperationException(added.Error);
        }
        Tenants = ids;
        History = new RunStore(Settings.Control.ConnectionString, Settings.Scheduler);
    }

    public void StartNode(string instanceId, TimeProvider? clock = null) => nodes.Add(new Node(new SchedulerNode(Settings, instanceId, clock), Settings));

    public async Task StopNodes()
    {
        foreach (var node in nodes) await node.Stop();
        nodes.Clear();
    }

    public Task<SchedulerHandle> Client(TimeProvider? clock = null) => WarehouseScheduler.Client(Settings, clock);

    public async Task<long> Queue(TenantId tenant, string? only = null)
    {
        await using var client = await Client();
        return await new RunQueue(Settings, client.Scheduler).Enqueue(tenant, null, only, null);
    }

    /// <summary>The run's last attempt once nothing more will happen to it (see <see cref="RunFollower"/>); fails the test after <see cref="Patience"/>.</summary>
    public async Task<RunRecord> WaitForEnd(long runId)
    {
        await using var client = await Client();
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            return await new RunFollower(Settings, client.Scheduler) { PollInterval = TimeSpan.FromMilliseconds(200) }
                .Follow(runId, _ => ThrowIfANodeFailed(), timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            ThrowIfANodeFailed();
            var attempts = History.Attempts(runId);
            throw new AssertFailedException($"run {runId} did not end within {Patience}: {string.Join("; ", attempts.Select(a => $"{a.RunId} {a.Status} {a.Error}"))}");
        }
    }

    /// <summary>Polls until the condition holds; fails the test after <see cref="Patience"/>.</summary>
    public async Task<T> Until<T>(Func<T?> probe, string what) where T : class
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            ThrowIfANodeFailed();
            if (probe() is { } value) return value;
            await Task.Delay(100);
        }
        throw new AssertFailedException($"gave up waiting for {what} after {Patience}");
    }

    void ThrowIfANodeFailed()
    {
        foreach (var node in nodes) node.ThrowIfFailed();
    }

    public MySqlConnection Control()
    {
        var c = new MySqlConnection(Settings.Control.ConnectionString);
        c.Open();
        return c;
    }

    /// <summary>A pod connection string to a loopback port nothing listens on: connecting fails at once, transiently.</summary>
    public static string UnreachableServer() =>
        new MySqlConnectionStringBuilder(TestServer.ConnectionString) { Port = (uint)UnusedPort(), ConnectionTimeout = 5 }.ConnectionString;

    /// <summary>A loopback port nothing listens on (until the test starts something there).</summary>
    public static int UnusedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        await StopNodes();
        TestServer.DropDatabases(Tenants.Skip(1).Select(t => t.DatabaseName).ToArray());
        main.Dispose();
        Directory.Delete(exports, true);
    }

    sealed class Node
    {
        readonly CancellationTokenSource stop = new();
        readonly Task running;

        public Node(SchedulerNode node, WarehouseSettings settings) => running = Task.Run(() => node.Run(stop.Token));

        public void ThrowIfFailed()
        {
            if (running.IsFaulted) throw new AssertFailedException($"a scheduler node failed: {running.Exception!.GetBaseException().Message}");
        }

        public async Task Stop()
        {
            stop.Cancel();
            await running.WaitAsync(Patience);
            stop.Dispose();
        }
    }
}

/// <summary>A clock running a fixed time behind, for a client that registers a schedule "before a downtime".</summary>
public sealed class PastClock(TimeSpan ago) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() - ago;
}

/// <summary>A write lock on one tenant table, on a connection of its own that never goes back to a pool: a step that reads the table waits on it.</summary>
public sealed class TableLock : IAsyncDisposable
{
    readonly MySqlConnection connection;

    public TableLock(TestTenant tenant, string table)
    {
        connection = new MySqlConnection(new MySqlConnectionStringBuilder(tenant.ConnectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        connection.Execute($"LOCK TABLES `{table}` WRITE");
    }

    public async ValueTask DisposeAsync() => await connection.DisposeAsync();
}
