using Microsoft.Extensions.Configuration;

namespace BrightFunnel.Warehouse.Orchestrator;

/// <summary>
/// Where the warehouse's databases and engines are. Read from <c>bfw.json</c> (beside the binary,
/// then the working directory) and overridden by <c>BFW__Section__Key</c> environment variables.
/// The defaults point at the private MariaDB that <c>./run db up</c> starts.
/// </summary>
public sealed class WarehouseSettings
{
    public const string LocalServer = "Server=127.0.0.1;Port=33306;User ID=bfw;Password=bfw-local-secret;AllowLoadLocalInfile=true;SslMode=Disabled;AllowPublicKeyRetrieval=true";

    public DatabaseSettings Control { get; set; } = new() { ConnectionString = LocalServer + ";Database=bf_control" };
    public DatabaseSettings Web { get; set; } = new() { ConnectionString = LocalServer + ";Database=bf_web" };

    /// <summary>Folder holding <c>control/</c>, <c>tenant/</c>, <c>web/</c>, <c>impala/</c>; defaults to the copy beside the binary.</summary>
    public string SqlRoot { get; set; } = Path.Combine(AppContext.BaseDirectory, "sql");

    /// <summary>Where each tenant's exports arrive: <c>&lt;ExportsRoot&gt;/&lt;tenant&gt;/*.csv</c>, read by the ingest step.</summary>
    public string ExportsRoot { get; set; } = Path.Combine(Directory.GetCurrentDirectory(), ".bfw", "exports");

    public LogSettings Logs { get; set; } = new();

    public ImpalaSettings Impala { get; set; } = new();
    public SchedulerSettings Scheduler { get; set; } = new();

    public static WarehouseSettings Load(string? workingDirectory = null)
    {
        var builder = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "bfw.json"), optional: true)
            .AddJsonFile(Path.Combine(workingDirectory ?? Directory.GetCurrentDirectory(), "bfw.json"), optional: true)
            .AddEnvironmentVariables("BFW__");
        var settings = new WarehouseSettings();
        builder.Build().Bind(settings);
        return settings;
    }
}

public sealed class DatabaseSettings
{
    public string ConnectionString { get; set; } = "";
}

/// <summary>
/// How <c>bfw serve</c> nodes and the console's scheduler client use Quartz. Every node of a
/// cluster must use the same values: retry policies are stored on the triggers a node writes,
/// and each node enforces the pod limits itself.
/// </summary>
public sealed class SchedulerSettings
{
    /// <summary>Quartz's scheduler name (SCHED_NAME): the same on every node of one cluster.</summary>
    public string InstanceName { get; set; } = "bfw";

    /// <summary>At most this many cycles run at once on one node (its thread pool); pods limit them across nodes.</summary>
    public int MaxConcurrentCycles { get; set; } = 10;

    /// <summary>How long an idle node waits before looking for due triggers again; a console-queued run starts within about this long.</summary>
    public TimeSpan IdleWaitTime { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How late a check-in may be before the other nodes take over that node's triggers and recover its firings.</summary>
    public TimeSpan CheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How late a firing may be before it counts as misfired (then it fires once, now).</summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Retries of a cycle that failed transiently (lost connection, deadlock, engine unreachable).</summary>
    public int RetryAttempts { get; set; } = 3;
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromMinutes(1);
    public double RetryBackoffFactor { get; set; } = 2;
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A cycle running longer is interrupted, recorded as failed and retried like a transient failure.</summary>
    public TimeSpan CycleTimeout { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How often a node re-reads pods and tenants, so new tenants, cron changes and pod limits take effect.</summary>
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often a running cycle renews its run's lease (runs.heartbeat_at).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a run's owner may go without renewing before the run counts as abandoned: several
    /// heartbeats, so a control database that blinks or a busy machine does not abandon a live run.
    /// </summary>
    public TimeSpan RunLease { get; set; } = TimeSpan.FromSeconds(60);
}

public sealed class LogSettings
{
    public string Directory { get; set; } = Path.Combine(System.IO.Directory.GetCurrentDirectory(), ".bfw", "logs");
    public string Level { get; set; } = "Info";
}
