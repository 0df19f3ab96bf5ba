using Microsoft.Extensions.Configuration;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator;

/// <summary>
/// Where the warehouse's databases and engines are. Read from <c>bfw.json</c> (beside the binary,
/// then the working directory, the later winning) and overridden by <c>BFW__Section__Key</c>
/// environment variables. Nothing points at a server by default: a verb that needs the databases
/// calls <see cref="RequireDatabases"/>, which names what is missing. <c>BFW_DB_PORT</c> and
/// <c>BFW_IMPALA_PORT</c> mean what they mean to <c>./run</c>: the private MariaDB and the local
/// engine on those loopback ports; they fill in what nothing else configures, and a configured
/// loopback address on another port is refused rather than silently reached.
/// </summary>
public sealed class WarehouseSettings
{
    public const string DefaultLocalPassword = "bfw-local-secret";

    /// <summary>The private MariaDB that <c>./run db up</c> starts on <paramref name="port"/>, without a database.</summary>
    public static string LocalServer(int port, string password = DefaultLocalPassword) =>
        $"Server=127.0.0.1;Port={port};User ID=bfw;Password={password};AllowLoadLocalInfile=true;SslMode=Disabled;AllowPublicKeyRetrieval=true";

    public DatabaseSettings Control { get; set; } = new();
    public DatabaseSettings Web { get; set; } = new();

    /// <summary>Folder holding <c>control/</c>, <c>tenant/</c>, <c>web/</c>, <c>impala/</c>; defaults to the copy beside the binary.</summary>
    public string SqlRoot { get; set; } = DefaultSqlRoot;

    /// <summary>The <c>sql/</c> the build copies beside the binary.</summary>
    public static string DefaultSqlRoot => Path.Combine(AppContext.BaseDirectory, "sql");

    /// <summary>Where each tenant's exports arrive: <c>&lt;ExportsRoot&gt;/&lt;tenant&gt;/*.csv</c>, read by the ingest step.</summary>
    public string ExportsRoot { get; set; } = Path.Combine(Directory.GetCurrentDirectory(), ".bfw", "exports");

    public LogSettings Logs { get; set; } = new();

    /// <summary>
    /// The folder of the keys that seal pod passwords in <c>bf_control</c> (see <see cref="KeyRing"/>):
    /// outside the database, on every host that runs bfw against it; back it up apart from the database.
    /// </summary>
    public string KeyRing { get; set; } = Path.Combine(Directory.GetCurrentDirectory(), ".bfw", "keys");

    public ImpalaSettings Impala { get; set; } = new();
    public Events.EventSettings Events { get; set; } = new();
    public SchedulerSettings Scheduler { get; set; } = new();
    public ParallelismSettings Parallelism { get; set; } = new();

    /// <summary><c>BFW_DB_PORT</c> when it was set: the only loopback port a database connection may use.</summary>
    public int? LocalDatabasePort { get; set; }

    /// <summary>Why the settings cannot be used (a bad or contradicting variable), found while loading.</summary>
    public string? Problem { get; set; }

    public static WarehouseSettings Load(string? workingDirectory = null) =>
        Load(Environment.GetEnvironmentVariables(), AppContext.BaseDirectory, workingDirectory ?? Directory.GetCurrentDirectory());

    /// <summary>Loads from the given environment and folders (a test passes its own).</summary>
    public static WarehouseSettings Load(System.Collections.IDictionary environment, string binaryDirectory, string workingDirectory)
    {
        var variables = environment.Keys.Cast<object>().Select(k => k.ToString()!).ToDictionary(k => k, k => environment[k]?.ToString());
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(binaryDirectory, "bfw.json"), optional: true)
            .AddJsonFile(Path.Combine(workingDirectory, "bfw.json"), optional: true)
            .AddInMemoryCollection(variables.Where(v => v.Key.StartsWith("BFW__", StringComparison.Ordinal))
                .Select(v => KeyValuePair.Create(v.Key["BFW__".Length..].Replace("__", ":"), v.Value)))
            .Build();
        var settings = new WarehouseSettings();
        configuration.Bind(settings);

        var dbPort = Port(variables, "BFW_DB_PORT", settings);
        if (dbPort is { } port)
        {
            settings.LocalDatabasePort = port;
            var server = LocalServer(port, variables.GetValueOrDefault("BFW_DB_PASSWORD") is { Length: > 0 } pw ? pw : DefaultLocalPassword);
            if (settings.Control.ConnectionString.Length == 0) settings.Control.ConnectionString = server + ";Database=bf_control";
            if (settings.Web.ConnectionString.Length == 0) settings.Web.ConnectionString = server + ";Database=bf_web";
        }
        if (Port(variables, "BFW_IMPALA_PORT", settings) is { } impalaPort)
        {
            if (configuration["Impala:Port"] is null) settings.Impala.Port = impalaPort;
            else if (IsLoopback(settings.Impala.Host) && settings.Impala.Port != impalaPort)
                settings.Problem ??= $"BFW_IMPALA_PORT is {impalaPort} but Impala:Port is {settings.Impala.Port} on {settings.Impala.Host}: make them agree or unset one";
        }
        return settings;
    }

    static int? Port(Dictionary<string, string?> variables, string name, WarehouseSettings settings)
    {
        if (variables.GetValueOrDefault(name) is not { Length: > 0 } text) return null;
        if (int.TryParse(text, out var port) && port is > 0 and <= 65535) return port;
        settings.Problem ??= $"{name} must be a port between 1 and 65535, got '{text}'";
        return null;
    }

    /// <summary>
    /// Refuses to go on without both databases, or when a connection would reach a loopback port other
    /// than <c>BFW_DB_PORT</c>: the message says which settings are needed and how to give them.
    /// </summary>
    public void RequireDatabases()
    {
        if (Problem is not null) throw new BadInputException(Problem);
        var missing = new[] { ("Control", Control), ("Web", Web) }.Where(d => string.IsNullOrWhiteSpace(d.Item2.ConnectionString)).Select(d => d.Item1).ToList();
        if (missing.Count > 0)
            throw new BadInputException(
                $"no database configured: this command needs {string.Join(" and ", missing.Select(m => $"{m}:ConnectionString"))}.\n" +
                "Give them in bfw.json (beside the binary or in the working directory):\n" +
                "  { \"Control\": { \"ConnectionString\": \"Server=…;Port=…;User ID=…;Password=…;Database=bf_control\" },\n" +
                "    \"Web\": { \"ConnectionString\": \"Server=…;Database=bf_web\" } }\n" +
                "or as environment variables BFW__Control__ConnectionString and BFW__Web__ConnectionString,\n" +
                "or set BFW_DB_PORT to use the private database of ./run on that port (./run bfw … does all this).");
        foreach (var (name, database) in new[] { ("Control", Control), ("Web", Web) })
        {
            MySql.Data.MySqlClient.MySqlConnectionStringBuilder builder;
            try { builder = new(database.ConnectionString); }
            catch (Exception e) when (e is ArgumentException or MySql.Data.MySqlClient.MySqlException) { throw new BadInputException($"{name}:ConnectionString is not a valid connection string: {Secrets.MaskPasswords(e.Message)}"); }
            if (LocalDatabasePort is { } port && IsLoopback(builder.Server) && builder.Port != port)
                throw new BadInputException($"BFW_DB_PORT is {port} but {name}:ConnectionString points at {builder.Server}:{builder.Port}: " +
                                            "make them agree (or unset BFW_DB_PORT to use the configured server)");
        }
    }

    static bool IsLoopback(string host) => host is "127.0.0.1" or "localhost" or "::1" || host.StartsWith("127.", StringComparison.Ordinal);
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
