namespace BrightFunnel.Warehouse.Web;

/// <summary>
/// The web app's settings, section <c>Web</c> (environment <c>BFW__Web__…</c>, as for bfw):
/// its own connection string to bf_web, where it listens, and where npm put the served scripts.
/// </summary>
public sealed class WebOptions
{
    public string ConnectionString { get; set; } = "";
    /// <summary>Loopback unless asked otherwise: the dashboard is not exposed by accident.</summary>
    public string Bind { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 5080;
    /// <summary>Sign-in attempts per client address per minute before 429.</summary>
    public int LoginAttemptsPerMinute { get; set; } = 10;
    /// <summary>How long a checked API token or session is believed before the database is asked again.</summary>
    public int CredentialCheckSeconds { get; set; } = 60;
    /// <summary>The folder holding wwwroot/ and node_modules/ (npm ci by ./run); default: found from the binary.</summary>
    public string? AssetsRoot { get; set; }
}
