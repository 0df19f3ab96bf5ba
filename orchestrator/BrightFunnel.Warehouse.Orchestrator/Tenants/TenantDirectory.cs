using System.Text.RegularExpressions;
using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator;

public sealed record Pod(string PodName, string ConnectionString, int MaxConcurrent, DateTime CreatedAt)
{
    /// <summary>The connection string as it may be shown or logged.</summary>
    public string MaskedConnectionString => Secrets.MaskPasswords(ConnectionString);
}

public sealed record Tenant(string TenantId, string PodName, string TimeZone, string Cron, DateTime CreatedAt)
{
    public TenantId Id => Orchestrator.TenantId.Parse(TenantId);
}

/// <summary>The pods and the tenants living on them, as recorded in <c>bf_control</c>.</summary>
public sealed partial class TenantDirectory(string controlConnectionString)
{
    public const string DefaultCron = "0 0 2 * * ?";

    MySqlConnection Open()
    {
        var connection = new MySqlConnection(controlConnectionString);
        connection.Open();
        return connection;
    }

    public void AddPod(string podName, string connectionString, int maxConcurrent)
    {
        if (!PodNamePattern().IsMatch(podName))
            throw new BadInputException($"invalid pod name '{podName}': use letters, digits, '_' or '-' (at most 64)");
        if (maxConcurrent < 1) throw new BadInputException($"--max-concurrent must be at least 1, got {maxConcurrent}");
        try { _ = new MySqlConnectionStringBuilder(connectionString); }
        catch (ArgumentException e) { throw new BadInputException($"pod {podName}: invalid connection string: {Secrets.MaskPasswords(e.Message)}"); }
        using var c = Open();
        c.Execute("""
            INSERT INTO pods (pod_name, connection_string, max_concurrent) VALUES (@podName, @connectionString, @maxConcurrent)
            ON DUPLICATE KEY UPDATE connection_string = VALUES(connection_string), max_concurrent = VALUES(max_concurrent)
            """, new { podName, connectionString, maxConcurrent });
    }

    public IReadOnlyList<Pod> Pods()
    {
        using var c = Open();
        return c.Query<Pod>(SelectPods + " ORDER BY pod_name").ToList();
    }

    public Pod GetPod(string podName)
    {
        using var c = Open();
        return c.QuerySingleOrDefault<Pod>(SelectPods + " WHERE pod_name = @podName", new { podName })
               ?? throw new BadInputException($"unknown pod '{podName}'");
    }

    /// <summary>Records the tenant; its database is created by the migrations (see <see cref="WarehouseMigrations.AddTenant"/>).</summary>
    public Tenant AddTenant(TenantId tenant, string podName, string timeZone, string cron)
    {
        ValidateTimeZone(timeZone);
        Scheduling.CronSchedule.Validate(cron, timeZone);
        GetPod(podName);
        using var c = Open();
        c.Execute("""
            INSERT INTO tenants (tenant_id, pod_name, time_zone, cron) VALUES (@id, @podName, @timeZone, @cron)
            ON DUPLICATE KEY UPDATE tenant_id = tenant_id
            """, new { id = tenant.Value, podName, timeZone, cron });
        var stored = GetTenant(tenant);
        if (stored.PodName != podName)
            throw new BadInputException($"tenant {tenant} already lives on pod {stored.PodName}");
        var configs = new TenantConfigStore(controlConnectionString);
        if (configs.Current(tenant).Version == 0) configs.Save(tenant, new TenantConfig { TimeZone = timeZone });
        return stored;
    }

    public IReadOnlyList<Tenant> Tenants()
    {
        using var c = Open();
        return c.Query<Tenant>(SelectTenants + " ORDER BY tenant_id").ToList();
    }

    public Tenant GetTenant(TenantId tenant)
    {
        using var c = Open();
        return c.QuerySingleOrDefault<Tenant>(SelectTenants + " WHERE tenant_id = @id", new { id = tenant.Value })
               ?? throw new BadInputException($"unknown tenant '{tenant}'");
    }

    /// <summary>Records a new cron expression for the tenant (validated by the caller; see <see cref="Scheduling.TenantSchedules.SetCron"/>).</summary>
    public void SetCron(TenantId tenant, string cron)
    {
        using var c = Open();
        if (c.Execute("UPDATE tenants SET cron = @cron WHERE tenant_id = @id", new { cron, id = tenant.Value }) == 0 && !Tenants().Any(t => t.TenantId == tenant.Value))
            throw new BadInputException($"unknown tenant '{tenant}'");
    }

    /// <summary>Server connection string of the tenant's pod, pointed at the tenant's own database.</summary>
    public string TenantConnectionString(TenantId tenant) =>
        ConnectionStrings.ForTenantWork(GetPod(GetTenant(tenant).PodName).ConnectionString, tenant.DatabaseName);

    static void ValidateTimeZone(string timeZone)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
            throw new BadInputException($"unknown time zone '{timeZone}' (use an IANA name such as Europe/Paris)");
    }

    const string SelectPods = "SELECT pod_name AS PodName, connection_string AS ConnectionString, max_concurrent AS MaxConcurrent, created_at AS CreatedAt FROM pods";

    const string SelectTenants = "SELECT tenant_id AS TenantId, pod_name AS PodName, time_zone AS TimeZone, cron AS Cron, created_at AS CreatedAt FROM tenants";

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex PodNamePattern();
}
