using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Runs;

/// <summary>
/// A per-tenant <c>GET_LOCK</c> on the control server, held for the length of a run. Quartz's
/// DisallowConcurrentExecution already serialises a tenant's job; this guards the case where a
/// node that missed its check-in makes Quartz fire the same job twice. The lock follows the
/// lease: a run closed as abandoned has its lock connection killed (<see cref="RunStore"/>), so a
/// stalled owner that still lives does not keep the tenant from its next run.
/// </summary>
public sealed class TenantCycleLock : IDisposable
{
    /// <summary>How long a new run waits for the lock an abandoned run's connection frees once killed.</summary>
    static readonly TimeSpan FreedWait = TimeSpan.FromSeconds(5);

    readonly MySqlConnection connection;
    readonly string name;

    TenantCycleLock(MySqlConnection connection, string name) => (this.connection, this.name) = (connection, name);

    /// <summary>The control-server connection holding the lock (runs.lock_connection).</summary>
    public long ConnectionId => connection.ServerThread;

    public static string Name(string tenant) => $"bfw.cycle.{tenant}";

    /// <summary>
    /// The lock, or null when a live run of the tenant holds it. A holder whose lease has passed is
    /// closed as abandoned first (<see cref="RunStore.ExpireStale"/>), which frees its lock.
    /// </summary>
    public static TenantCycleLock? TryAcquire(string controlConnectionString, TenantId tenant, RunStore leases)
    {
        var name = Name(tenant.Value);
        var connection = new MySqlConnection(new MySqlConnectionStringBuilder(controlConnectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        if (connection.ExecuteScalar<long?>("SELECT GET_LOCK(@name, 0)", new { name }) == 1) return new TenantCycleLock(connection, name);
        if (leases.ExpireStale(tenant).Count > 0
            && connection.ExecuteScalar<long?>("SELECT GET_LOCK(@name, @wait)", new { name, wait = FreedWait.TotalSeconds }) == 1)
            return new TenantCycleLock(connection, name);
        connection.Dispose();
        return null;
    }

    public void Dispose()
    {
        try { connection.Execute("SELECT RELEASE_LOCK(@name)", new { name }); }
        catch (MySqlException) { } // a dropped (or killed) connection has released the lock already
        finally { connection.Dispose(); }
    }
}
