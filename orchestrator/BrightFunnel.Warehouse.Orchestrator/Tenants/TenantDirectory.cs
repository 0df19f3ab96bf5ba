using System.Text.RegularExpressions;
using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator;

public sealed record Pod(string PodName, string ConnectionString, int MaxConcurrent, DateTime CreatedAt)
{
    /// <summary>Cycles a pod runs at once unless <c>bfw pod add --max-concurrent</c> says otherwise.</summary>
    public const int DefaultMaxConcurrent = 4;

    /// <summary>The connection string as it may be shown or logged.</summary>
    public string MaskedConnectionString => Secrets.MaskPasswords(ConnectionString);
}

/// <summary>What registering a pod, tenant or filter did: added it, found it as it was, or replaced what <see cref="Changes"/> lists.</summary>
public sealed record Registration(bool Existed, IReadOnlyList<string> Changes)
{
    public static readonly Registration Added = new(false, []);
    public static readonly Registration Unchanged = new(true, []);

    public string Describe(string what) =>
        !Existed ? $"{what} added" : Changes.Count == 0 ? $"{what} unchanged (already registered with these settings)" : $"{what} replaced: {string.Join("; ", Changes)}";
}

public sealed record Tenant(string TenantId, string PodName, string TimeZone, string Cron, DateTime CreatedAt)
{
    public TenantId Id => Orchestrator.TenantId.Parse(TenantId);
}

/// <summary>
/// The pods and the tenants living on them, as recorded in <c>bf_control</c>. Pod passwords are
/// stored sealed (<see cref="PodPasswords"/>) and handed out in clear to whoever connects.
/// </summary>
public sealed partial class TenantDirectory(string controlConnectionString, PodPasswords passwords)
{
    public TenantDirectory(WarehouseSettings settings) : this(settings.Control.ConnectionString, new PodPasswords(new KeyRing(settings.KeyRing))) { }

    /// <summary>The key ring pod passwords are sealed with.</summary>
    public KeyRing PasswordKeys => passwords.Keys;

    public const string DefaultCron = "0 0 2 * * ?";

    MySqlConnection Open() => DbConnections.Control(controlConnectionString);

    /// <summary>
    /// Registers a pod. Registering it again with the same settings changes nothing; with other
    /// settings it is refused unless <paramref name="replace"/>, and the outcome lists what changed.
    /// </summary>
    /// <param name="verifyConnection">Connect with the string first and refuse a server that does not answer or
    /// refuses the login: a pod that cannot be reached only fails later, at its tenants' first run.</param>
    public Registration AddPod(string podName, string connectionString, int maxConcurrent, bool replace = false, bool verifyConnection = false)
    {
        if (!PodNamePattern().IsMatch(podName))
            throw new BadInputException($"invalid pod name '{podName}': use letters, digits, '_' or '-' (at most 64)");
        if (maxConcurrent < 1) throw new BadInputException($"--max-concurrent must be at least 1, got {maxConcurrent}");
        ValidateServer(podName, connectionString);
        if (verifyConnection) VerifyConnection(podName, connectionString);
        using var c = Open();
        var existing = c.QuerySingleOrDefault<Pod>(SelectPods + " WHERE pod_name = @podName", new { podName });
        if (existing is null)
        {
            c.Execute("INSERT INTO pods (pod_name, connection_string, max_concurrent) VALUES (@podName, @connectionString, @maxConcurrent)",
                new { podName, connectionString = passwords.Seal(podName, connectionString), maxConcurrent });
            return Registration.Added;
        }
        existing = Opened(existing);
        var changes = new List<string>();
        if (Normalized(existing.ConnectionString) != Normalized(connectionString))
            changes.Add(Secrets.MaskPasswords(existing.ConnectionString) == Secrets.MaskPasswords(connectionString)
                ? "connection password changed"
                : $"connection {Secrets.MaskPasswords(existing.ConnectionString)} → {Secrets.MaskPasswords(connectionString)}");
        if (existing.MaxConcurrent != maxConcurrent) changes.Add($"max concurrent {existing.MaxConcurrent} → {maxConcurrent}");
        if (changes.Count == 0) return Registration.Unchanged;
        if (!replace)
            throw new BadInputException($"pod {podName} exists with other settings ({string.Join("; ", changes)}): pass --replace to change it");
        c.Execute("UPDATE pods SET connection_string = @connectionString, max_concurrent = @maxConcurrent WHERE pod_name = @podName",
            new { podName, connectionString = passwords.Seal(podName, connectionString), maxConcurrent });
        return new Registration(true, changes);
    }

    /// <summary>Pods whose stored connection string still carries its password in clear (registered before sealing).</summary>
    public IReadOnlyList<string> PodsStoredInClear()
    {
        using var c = Open();
        return c.Query<Pod>(SelectPods + " ORDER BY pod_name").Where(p => PodPasswords.HasClearPassword(p.ConnectionString)).Select(p => p.PodName).ToList();
    }

    static string Normalized(string connectionString) => new MySqlConnectionStringBuilder(connectionString).ConnectionString;

    Pod Opened(Pod stored) => stored with { ConnectionString = passwords.Open(stored.PodName, stored.ConnectionString) };

    /// <summary>
    /// Seals every pod password again with a new key (<paramref name="newKey"/>) or the newest one,
    /// including one stored in clear before passwords were sealed. Returns the pods resealed; older
    /// key files may be removed afterwards (none of these pods needs them any more).
    /// </summary>
    public IReadOnlyList<string> ResealPasswords(bool newKey)
    {
        if (newKey) passwords.Keys.Rotate();
        using var c = Open();
        using var tx = c.BeginTransaction();
        var pods = c.Query<Pod>(SelectPods + " FOR UPDATE", transaction: tx).ToList();
        var resealed = new List<string>();
        foreach (var pod in pods)
        {
            var clear = passwords.Open(pod.PodName, pod.ConnectionString);
            if (!PodPasswords.HasClearPassword(clear)) continue;
            var current = passwords.Keys.Current().Id;
            if (!PodPasswords.HasClearPassword(pod.ConnectionString) && pod.ConnectionString.Contains($"bfwkey:{current}:", StringComparison.Ordinal)) continue;
            c.Execute("UPDATE pods SET connection_string = @cs WHERE pod_name = @name",
                new { cs = passwords.Seal(pod.PodName, clear), name = pod.PodName }, tx);
            resealed.Add(pod.PodName);
        }
        tx.Commit();
        return resealed;
    }

    // A pod's connection string must name a server; the driver's own messages ("Incorrect value in
    // Connection String") say neither which setting nor what was expected.
    static void ValidateServer(string podName, string connectionString)
    {
        // No password in the example: the masking of the message would swallow the text after it.
        const string expected = "expected key=value pairs such as Server=host;Port=3306;User ID=user";
        MySqlConnectionStringBuilder builder;
        try { builder = new MySqlConnectionStringBuilder(connectionString); }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or KeyNotFoundException or MySqlException)
        {
            throw new BadInputException($"pod {podName}: --connection is not a valid connection string ({expected}): {Secrets.MaskPasswords(e.Message)}");
        }
        if (string.IsNullOrWhiteSpace(builder.Server))
            throw new BadInputException($"pod {podName}: --connection names no server ({expected})");
    }

    static void VerifyConnection(string podName, string connectionString)
    {
        var builder = new MySqlConnectionStringBuilder(connectionString);
        if (!builder.ContainsKey("Connection Timeout")) builder.ConnectionTimeout = 10;
        try
        {
            using var c = new MySqlConnection(builder.ConnectionString);
            c.Open();
            c.ExecuteScalar<int>("SELECT 1");
        }
        catch (Exception e) when (e is MySqlException or InvalidOperationException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new BadInputException(
                $"pod {podName}: cannot connect with {Secrets.MaskPasswords(connectionString)}: {Secrets.MaskPasswords(e.Message)}; check --connection, or pass --force to register the pod anyway");
        }
    }

    /// <summary>Removes a pod that no tenant lives on.</summary>
    public void RemovePod(string podName)
    {
        GetPod(podName);
        using var c = Open();
        var tenants = c.Query<string>("SELECT tenant_id FROM tenants WHERE pod_name = @podName ORDER BY tenant_id", new { podName }).ToList();
        if (tenants.Count > 0)
            throw new BadInputException($"pod {podName} still has {tenants.Count} tenant(s) ({string.Join(", ", tenants.Take(5))}{(tenants.Count > 5 ? ", …" : "")}): remove or move them first");
        c.Execute("DELETE FROM pods WHERE pod_name = @podName", new { podName });
    }

    public IReadOnlyList<Pod> Pods()
    {
        using var c = Open();
        // A pod whose password cannot be opened (its key file missing) keeps its sealed string here, so
        // the other pods still list and migrate; connecting to it fails, and GetPod names the reason.
        return c.Query<Pod>(SelectPods + " ORDER BY pod_name").Select(pod =>
        {
            try { return Opened(pod); }
            catch (BadInputException e)
            {
                NLog.LogManager.GetCurrentClassLogger().Warn("{problem}", e.Message);
                return pod;
            }
        }).ToList();
    }

    public Pod GetPod(string podName)
    {
        using var c = Open();
        var pod = c.QuerySingleOrDefault<Pod>(SelectPods + " WHERE pod_name = @podName", new { podName })
                  ?? throw new BadInputException($"unknown pod '{podName}'");
        return Opened(pod);
    }

    /// <summary>Records the tenant; its database is created by the migrations (see <see cref="WarehouseMigrations.AddTenant"/>).</summary>
    public Tenant AddTenant(TenantId tenant, string podName, string timeZone, string cron) =>
        AddTenant(tenant, podName, timeZone, cron, replace: false, frequentCron: false).Tenant;

    /// <summary>
    /// Records the tenant, or checks it against the stored one: the settings given (a null time zone
    /// or cron is "not given") must match unless <paramref name="replace"/>, which updates them and
    /// lists what changed. A tenant never moves pods this way: its database lives there.
    /// </summary>
    public (Tenant Tenant, Registration Registration) AddTenant(TenantId tenant, string podName, string? timeZone, string? cron, bool replace, bool frequentCron)
    {
        if (timeZone is not null) ValidateTimeZone(timeZone);
        GetPod(podName);
        using var c = Open();
        var existing = c.QuerySingleOrDefault<Tenant>(SelectTenants + " WHERE tenant_id = @id", new { id = tenant.Value });
        var configs = new TenantConfigStore(controlConnectionString);
        if (existing is null)
        {
            timeZone ??= "UTC";
            cron ??= DefaultCron;
            Scheduling.CronSchedule.Validate(cron, timeZone);
            Scheduling.CronSchedule.RequireInterval(cron, timeZone, frequentCron);
            c.Execute("INSERT INTO tenants (tenant_id, pod_name, time_zone, cron) VALUES (@id, @podName, @timeZone, @cron)",
                new { id = tenant.Value, podName, timeZone, cron });
            if (configs.Current(tenant).Version == 0) configs.Save(tenant, new TenantConfig { TimeZone = timeZone });
            return (GetTenant(tenant), Registration.Added);
        }
        if (existing.PodName != podName)
            throw new BadInputException($"tenant {tenant} already lives on pod {existing.PodName}");
        var changes = new List<string>();
        if (timeZone is not null && timeZone != existing.TimeZone) changes.Add($"time zone {existing.TimeZone} → {timeZone}");
        if (cron is not null && cron != existing.Cron) changes.Add($"cron '{existing.Cron}' → '{cron}'");
        if (changes.Count == 0) return (existing, Registration.Unchanged);
        if (!replace)
            throw new BadInputException($"tenant {tenant} exists with other settings ({string.Join("; ", changes)}): pass --replace to change them");
        var updated = existing with { TimeZone = timeZone ?? existing.TimeZone, Cron = cron ?? existing.Cron };
        Scheduling.CronSchedule.Validate(updated.Cron, updated.TimeZone);
        Scheduling.CronSchedule.RequireInterval(updated.Cron, updated.TimeZone, frequentCron);
        c.Execute("UPDATE tenants SET time_zone = @TimeZone, cron = @Cron WHERE tenant_id = @TenantId", updated);
        // The configuration's time zone is the one the data's dates are read in: it follows the tenant's.
        if (timeZone is not null && timeZone != existing.TimeZone)
        {
            var current = configs.Current(tenant).Config;
            if (current.TimeZone != timeZone) configs.Save(tenant, current with { TimeZone = timeZone });
        }
        return (updated, new Registration(true, changes));
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
