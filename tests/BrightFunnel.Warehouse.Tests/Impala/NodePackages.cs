using System.Diagnostics;
using System.Text.Json;

namespace BrightFunnel.Warehouse.Tests.Impala;

/// <summary>
/// Installs an npm package for tests on first use (idempotent) under <c>.bfw/npm/</c> of the
/// checkout, and runs node scripts. Missing node or npm is a test failure with a clear message,
/// never a silent pass.
/// </summary>
static class NodePackages
{
    static readonly SemaphoreSlim InstallLock = new(1, 1);

    public static async Task<string> EnsureInstalledAsync(string package, string version)
    {
        var prefix = Path.Combine(BfwHome(), "npm", $"{package}-{version}");
        var manifest = Path.Combine(prefix, "node_modules", package, "package.json");
        await InstallLock.WaitAsync();
        try
        {
            if (InstalledVersion(manifest) == version) return prefix;
            Directory.CreateDirectory(prefix);
            var (code, output) = await RunAsync("npm", ["install", "--prefix", prefix, "--no-audit", "--no-fund", "--no-save", "--loglevel=error", $"{package}@{version}"],
                prefix, new Dictionary<string, string>(), TimeSpan.FromMinutes(5));
            if (code != 0 || InstalledVersion(manifest) != version)
                Assert.Fail($"npm install {package}@{version} failed (exit {code}); the interop test needs the npm registry:\n{output}");
            return prefix;
        }
        finally
        {
            InstallLock.Release();
        }
    }

    public static async Task<(int Code, string Output)> RunAsync(string program, IEnumerable<string> args, string workingDirectory,
        IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment) start.Environment[k] = v;
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"'{program}' is not installed or not on PATH ({e.Message}); the hive-driver interop test needs Node.js and npm");
            throw;
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"{program} {string.Join(' ', args)} did not finish within {timeout}");
            }
            var output = await stdout;
            var errors = await stderr;
            return (process.ExitCode, process.ExitCode == 0 ? output : output + errors);
        }
    }

    static string? InstalledVersion(string manifest)
    {
        if (!File.Exists(manifest)) return null;
        using var json = JsonDocument.Parse(File.ReadAllText(manifest));
        return json.RootElement.TryGetProperty("version", out var v) ? v.GetString() : null;
    }

    /// <summary>The checkout's <c>.bfw/</c> (found by walking up to the solution file), else a temp folder.</summary>
    static string BfwHome()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "BrightFunnel.Warehouse.sln"))) return Path.Combine(dir.FullName, ".bfw");
        return Path.Combine(Path.GetTempPath(), "bfw");
    }
}
