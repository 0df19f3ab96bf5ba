using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator;

/// <summary>
/// The one way a connection is opened, per database role: <see cref="Control"/> (bf_control: runs,
/// tenants, pods, configuration), <see cref="Web"/> (bf_web, the published tier) and
/// <see cref="Tenant"/> (a tenant database on its pod). A setting every connection of a role needs
/// goes here, once.
/// </summary>
public static class DbConnections
{
    public static MySqlConnection Control(string connectionString) => Open(connectionString);

    public static MySqlConnection Web(string connectionString) => Open(connectionString);

    public static MySqlConnection Tenant(string connectionString) => Open(connectionString);

    public static Task<MySqlConnection> ControlAsync(string connectionString, CancellationToken ct = default) => OpenAsync(connectionString, ct);

    public static Task<MySqlConnection> TenantAsync(string connectionString, CancellationToken ct = default) => OpenAsync(connectionString, ct);

    static MySqlConnection Open(string connectionString)
    {
        var c = new MySqlConnection(connectionString);
        try { c.Open(); }
        catch { c.Dispose(); throw; }
        return c;
    }

    static async Task<MySqlConnection> OpenAsync(string connectionString, CancellationToken ct)
    {
        var c = new MySqlConnection(connectionString);
        try { await c.OpenAsync(ct); }
        catch { await c.DisposeAsync(); throw; }
        return c;
    }
}
