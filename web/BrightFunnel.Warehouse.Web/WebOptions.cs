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
    /// <summary>
    /// The host names the app answers to, separated by <c>;</c> (<c>*.example.com</c> allowed); any other
    /// Host header is a 400. The default fits the loopback bind; behind a name, list that name.
    /// </summary>
    public string AllowedHosts { get; set; } = "localhost;127.0.0.1;[::1]";
    /// <summary>Sign-in attempts per client address per minute before 429.</summary>
    public int LoginAttemptsPerMinute { get; set; } = 10;
    /// <summary>Sign-in attempts at one account, from any address, per <see cref="LoginAccountWindowMinutes"/> before 429.</summary>
    public int LoginAttemptsPerAccount { get; set; } = 20;
    public int LoginAccountWindowMinutes { get; set; } = 15;
    /// <summary>The published-data cache: at most this many entries, and this many megabytes by estimate.</summary>
    public int CacheEntries { get; set; } = 20_000;
    public int CacheMegabytes { get; set; } = 256;
    /// <summary>
    /// Where the data-protection keys (which seal the session and anti-forgery cookies) are kept, so a
    /// restart keeps everyone signed in: a folder of mode 700, files of mode 600. Default: .bfw/web-keys
    /// under the working directory, as bfw's KeyRing; <c>./run</c> uses its own .bfw.
    /// </summary>
    public string KeysDirectory { get; set; } = Path.Combine(Directory.GetCurrentDirectory(), ".bfw", "web-keys");
    /// <summary>The folder holding wwwroot/ and node_modules/ (npm ci by ./run); default: found from the binary.</summary>
    public string? AssetsRoot { get; set; }

    /// <summary>Refuses settings that would leave the app open or unusable, naming the setting.</summary>
    public void Validate()
    {
        if (Hosts().Count == 0) throw new ArgumentException("Web:AllowedHosts names no host: list the names the app is reached by, separated by ;");
        foreach (var (name, value) in new[] { ("LoginAttemptsPerMinute", LoginAttemptsPerMinute), ("LoginAttemptsPerAccount", LoginAttemptsPerAccount),
                     ("LoginAccountWindowMinutes", LoginAccountWindowMinutes), ("CacheEntries", CacheEntries), ("CacheMegabytes", CacheMegabytes) })
            if (value < 1) throw new ArgumentException($"Web:{name} must be at least 1, got {value}");
        if (string.IsNullOrWhiteSpace(KeysDirectory)) throw new ArgumentException("Web:KeysDirectory is empty: name the folder for the data-protection keys");
    }

    public IReadOnlyList<string> Hosts() =>
        AllowedHosts.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
