using System.Diagnostics;
using System.Text.RegularExpressions;

namespace BrightFunnel.Warehouse.Testing;

/// <summary>
/// The built <c>bfw-collect</c> in a process of its own (beside the caller's binaries, which
/// reference the collector): what a test kills with SIGKILL under load, and what the bench drives
/// without sharing its process with the load. Listens on a free loopback port.
/// </summary>
public sealed partial class CollectorProcess : IDisposable
{
    readonly Process process;

    public Uri Url { get; }
    public int Id => process.Id;

    CollectorProcess(Process process, Uri url)
    {
        this.process = process;
        Url = url;
    }

    /// <param name="settings">BFW__ environment settings, e.g. <c>Collect__EventsPerSecond</c>; the control connection and spool root are given.</param>
    public static CollectorProcess Start(string controlConnectionString, string spoolRoot, IReadOnlyDictionary<string, string>? settings = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "bfw-collect.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"{dll} is missing: the caller's project must reference BrightFunnel.Warehouse.Collect", dll);
        var info = new ProcessStartInfo("dotnet", [dll, "--port", "0"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["BFW__Control__ConnectionString"] = controlConnectionString;
        info.Environment["BFW__Events__SpoolRoot"] = spoolRoot;
        info.Environment["BFW__Collect__StatusLogSeconds"] = "0";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>()) info.Environment["BFW__" + name] = value;
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start bfw-collect");
        var error = process.StandardError.ReadToEndAsync();
        while (process.StandardOutput.ReadLine() is { } line)
        {
            if (Listening().Match(line) is { Success: true } m)
            {
                // Keep draining its output, so a chatty collector never blocks on a full pipe.
                _ = process.StandardOutput.ReadToEndAsync();
                return new CollectorProcess(process, new Uri(m.Groups[1].Value));
            }
        }
        process.WaitForExit();
        throw new InvalidOperationException($"bfw-collect exited {process.ExitCode} before listening: {error.Result}");
    }

    /// <summary>SIGKILL: no shutdown, no goodbye, open segments stay open.</summary>
    public void Kill()
    {
        process.Kill();
        process.WaitForExit();
    }

    /// <summary>SIGTERM, as <c>./run collect stop</c>: queued batches answered, open segments closed.</summary>
    public void Stop()
    {
        if (process.HasExited) return;
        Process.Start("kill", ["-TERM", process.Id.ToString()])!.WaitForExit();
        if (!process.WaitForExit(30_000)) Kill();
    }

    public void Dispose()
    {
        Stop();
        process.Dispose();
    }

    [GeneratedRegex(@"listening on (http://[^,\s]+)")]
    private static partial Regex Listening();
}
