using BrightFunnel.Warehouse.Testing;
using System.Diagnostics;
using System.Text.RegularExpressions;
using BrightFunnel.Warehouse.Console;
using BrightFunnel.Warehouse.Impala.Client;

namespace BrightFunnel.Warehouse.Tests.Impala;

/// <summary><c>bfw impala serve</c> as an operator runs it: a real process, a real port, stopped by SIGTERM.</summary>
[TestClass]
[TestCategory("integration")]
public sealed partial class ImpalaServeCommandTests
{
    [TestMethod]
    [DataRow(null)]
    [DataRow("2.11")]
    public async Task ServesQueriesUntilTerminated(string? reservedWordsVersion)
    {
        var dir = Directory.CreateTempSubdirectory("bfw-serve-").FullName;
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "bfw.dll"), "impala", "serve", "--port", "0", "--root", Path.Combine(dir, "hdfs") })
            start.ArgumentList.Add(a);
        if (reservedWordsVersion is not null) foreach (var a in new[] { "--reserved-words-version", reservedWordsVersion }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        try
        {
            var line = await ReadUntilAsync(process.StandardOutput, "listening on");
            StringAssert.EndsWith(line, $"reserved words {reservedWordsVersion ?? "3.0"}");
            var port = int.Parse(Listening().Match(line).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            await using (var session = await Hs2Session.OpenAsync(new Hs2Options { Host = "127.0.0.1", Port = port }))
            {
                Assert.AreEqual(3L, (await session.QueryAsync($"SELECT count(*) FROM {ImpalaNumbers.Upto(3)} r")).Rows.Single()[0]);
                // position is reserved from Impala 3.0 on, a plain identifier in 2.11.
                if (reservedWordsVersion == "2.11") Assert.AreEqual(1, (await session.QueryAsync("SELECT 1 AS position")).Rows.Single()[0]);
                else await Assert.ThrowsExactlyAsync<Hs2QueryException>(() => session.QueryAsync("SELECT 1 AS position"));
            }
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
            await ReadUntilAsync(process.StandardOutput, "stopped");
            await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
            Assert.AreEqual(0, process.ExitCode);
            Assert.IsTrue(Directory.Exists(Path.Combine(dir, "hdfs")), "the root folder is created");
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            Directory.Delete(dir, true);
        }
    }

    [TestMethod]
    public void BadUsageExitsTwo()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = new BfwConsole(TestServer.IsolatedSettings("bft_impala_usage"), output, error);
        Assert.AreEqual(BfwConsole.BadUsage, console.Run(["impala", "start"]));
        StringAssert.Contains(error.ToString(), "use serve");
        Assert.AreEqual(BfwConsole.BadUsage, console.Run(["impala", "serve", "--port", "http"]));
        Assert.AreEqual(BfwConsole.BadUsage, console.Run(["impala", "serve", "--verbose", "1"]));
        Assert.AreEqual(BfwConsole.BadUsage, console.Run(["impala", "serve", "--reserved-words-version", "2.12"]));
        StringAssert.Contains(error.ToString(), "--reserved-words-version must be 2.11|3.0, got '2.12'");
        var file = Path.GetTempFileName(); // a folder cannot be made under a file
        try
        {
            Assert.AreEqual(BfwConsole.BadUsage, console.Run(["impala", "serve", "--port", "0", "--profile", Path.Combine(file, "profiles")]));
            StringAssert.Contains(error.ToString(), $"--profile {Path.Combine(file, "profiles")}: cannot make the folder");
        }
        finally
        {
            File.Delete(file);
        }
    }

    static async Task<string> ReadUntilAsync(StreamReader output, string marker)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await output.ReadLineAsync(timeout.Token) is { } line)
            if (line.Contains(marker, StringComparison.Ordinal)) return line;
        Assert.Fail($"bfw ended without printing '{marker}'");
        return "";
    }

    [GeneratedRegex(@"listening on [^:]+:(\d+)")]
    private static partial Regex Listening();
}
