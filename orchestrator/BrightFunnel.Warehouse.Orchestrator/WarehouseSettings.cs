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

public sealed class LogSettings
{
    public string Directory { get; set; } = Path.Combine(System.IO.Directory.GetCurrentDirectory(), ".bfw", "logs");
    public string Level { get; set; } = "Info";
}
