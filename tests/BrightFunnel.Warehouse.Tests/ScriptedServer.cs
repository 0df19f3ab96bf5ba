using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BrightFunnel.Warehouse.Orchestrator;

namespace BrightFunnel.Warehouse.Tests;

/// <summary>
/// A MariaDB and local engine of a test's own, started and stopped by the repository's
/// <c>./run db up|down</c> under a temporary BFW_HOME on free ports: a server a test may kill
/// without taking down the shared one the other tests run on. Stopped and deleted on dispose.
/// </summary>
public sealed class ScriptedServer : IDisposable
{
    public static readonly string RepositoryRoot = FindRepositoryRoot();

    public string Home { get; } = NewHome();
    public int DatabasePort { get; } = FreePort();
    public int ImpalaPort { get; } = FreePort();

    public ScriptedServer()
    {
        // The script builds when its stamp is missing or older than a source, into the bin/ the running
        // tests load from. The tests run on what ./run test has just built: the child must take that build
        // as it is, so it gets the parent's stamp (or, run outside ./run, a fresh one).
        var parentHome = Environment.GetEnvironmentVariable("BFW_HOME") is { Length: > 0 } home ? home : Path.Combine(RepositoryRoot, ".bfw");
        var stamp = Path.Combine(Home, "build.stamp");
        if (File.Exists(Path.Combine(parentHome, "build.stamp"))) File.Copy(Path.Combine(parentHome, "build.stamp"), stamp);
        else File.WriteAllText(stamp, "");
    }

    /// <summary>The server without a database, as bfw user of the script.</summary>
    public string ConnectionString => WarehouseSettings.LocalServer(DatabasePort);

    public string PidFile => Path.Combine(Home, "mariadb", "mariadbd.pid");

    public int DatabasePid => int.Parse(File.ReadAllText(PidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    public (int code, string output) Up() => Script("up");

    /// <summary>Runs <c>./run db &lt;verb&gt;</c> with this server's home and ports, and nothing else of the test's environment.</summary>
    public (int code, string output) Script(string verb)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot, "run"), "db", verb])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot,
        };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("BFW", StringComparison.Ordinal)).ToList()) start.Environment.Remove(name);
        start.Environment["BFW_HOME"] = Home;
        start.Environment["BFW_DB_PORT"] = DatabasePort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["BFW_IMPALA_PORT"] = ImpalaPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start ./run db {verb}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"./run db {verb} did not finish within 90 s");
        }
        return (process.ExitCode, output.Result + error.Result);
    }

    public void Dispose()
    {
        try { Script("down"); }
        finally { Directory.Delete(Home, recursive: true); }
    }

    static string NewHome()
    {
        UnitRun.Refuse("a MariaDB and engine of its own (./run db up)");
        return Directory.CreateTempSubdirectory("bfw-scripted-").FullName;
    }

    static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try { return ((IPEndPoint)listener.LocalEndpoint).Port; }
        finally { listener.Stop(); }
    }

    static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "run")) && File.Exists(Path.Combine(dir.FullName, "BrightFunnel.Warehouse.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no repository (run, BrightFunnel.Warehouse.sln) above {AppContext.BaseDirectory}");
    }
}
