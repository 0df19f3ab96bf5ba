using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator.Cycle;

/// <summary>
/// A per-tenant <c>GET_LOCK</c> on the control server, held for the length of a run. Quartz's
/// DisallowConcurrentExecution already serialises a tenant's job; this guards the case where a
/// node that missed its check-in makes Quartz fire the same job twice.
/// </summary>
public sealed class TenantCycleLock : IDisposable
{
    readonly MySqlConnection connection;
    readonly string name;

    TenantCycleLock(MySqlConnection connection, string name) => (this.connection, this.name) = (connection, name);

    /// <summary>The lock, or null at once when another run of the tenant holds it.</summary>
    public static TenantCycleLock? TryAcquire(string controlConnectionString, TenantId tenant)
    {
        var name = $"bfw.cycle.{tenant.Value}";
        var connection = new MySqlConnection(new MySqlConnectionStringBuilder(controlConnectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        if (connection.ExecuteScalar<long?>("SELECT GET_LOCK(@name, 0)", new { name }) == 1) return new TenantCycleLock(connection, name);
        connection.Dispose();
        return null;
    }

    public void Dispose()
    {
        try { connection.Execute("SELECT RELEASE_LOCK(@name)", new { name }); }
        catch (MySqlException) { } // a dropped connection has released the lock already
        finally { connection.Dispose(); }
    }
}
