using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator;

public sealed record TenantConfigVersion(int Version, TenantConfig Config, DateTime ChangedAt, string ChangedBy);

/// <summary>Reads and writes a tenant's configuration versions in <c>bf_control.tenant_config</c>.</summary>
public sealed class TenantConfigStore(string controlConnectionString)
{
    /// <summary>The configuration in force: the newest version, or the defaults when there is none.</summary>
    public TenantConfigVersion Current(TenantId tenant)
    {
        using var c = DbConnections.Control(controlConnectionString);
        var row = c.QuerySingleOrDefault<(int version, string config, DateTime changedAt, string changedBy)>(
            "SELECT version, config, changed_at, changed_by FROM tenant_config WHERE tenant_id = @id ORDER BY version DESC LIMIT 1",
            new { id = tenant.Value });
        return row.config is null
            ? new TenantConfigVersion(0, new TenantConfig(), DateTime.MinValue, "")
            : new TenantConfigVersion(row.version, TenantConfig.Parse(row.config, $"tenant {tenant} config v{row.version}"), row.changedAt, row.changedBy);
    }

    /// <summary>Stores a new version and keeps the tenant's schedule time zone in step with it.</summary>
    public int Save(TenantId tenant, TenantConfig config)
    {
        using var c = DbConnections.Control(controlConnectionString);
        using var tx = c.BeginTransaction();
        var version = c.ExecuteScalar<int>(
            "SELECT COALESCE(MAX(version), 0) + 1 FROM tenant_config WHERE tenant_id = @id FOR UPDATE", new { id = tenant.Value }, tx);
        c.Execute("INSERT INTO tenant_config (tenant_id, version, config, changed_by) VALUES (@id, @version, @config, @by)",
            new { id = tenant.Value, version, config = config.ToJson(), by = $"{Environment.UserName}@{Environment.MachineName}" }, tx);
        c.Execute("UPDATE tenants SET time_zone = @tz WHERE tenant_id = @id", new { tz = config.TimeZone, id = tenant.Value }, tx);
        tx.Commit();
        return version;
    }
}
