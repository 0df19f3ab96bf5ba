using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace BrightFunnel.Warehouse.Bench.Profile;

/// <summary>
/// The local engine as <c>bfw impala serve</c> in a process of its own (the built console, BFW_BIN), so
/// its memory is measured apart from the orchestrator's; killed on dispose.
/// </summary>
public sealed class EngineProcess : IDisposable
{
    readonly Process process;

    public int Port { get; }
    public int ProcessId => process.Id;

    EngineProcess(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    /// <param name="profiles">a folder for DuckDB's profile of every statement that writes a table (<c>--profile</c>), or null.</param>
    public static EngineProcess Start(string root, string? profiles = null)
    {
        var bfw = Environment.GetEnvironmentVariable("BFW_BIN") is { Length: > 0 } bin && File.Exists(bin) ? bin
            : throw new InvalidOperationException("BFW_BIN does not name the built bfw: run the profile section through ./run bench");
        var port = FreePort();
        string[] arguments = ["impala", "serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--root", root,
            .. profiles is null ? Array.Empty<string>() : ["--profile", profiles]];
        var info = new ProcessStartInfo(bfw, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment.Remove("BFW_IMPALA_PORT");
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start bfw impala serve");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var engine = new EngineProcess(process, port);
        var clock = Stopwatch.StartNew();
        while (!engine.Accepts())
        {
            if (process.HasExited || clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                engine.Dispose();
                throw new InvalidOperationException($"bfw impala serve did not listen on port {port} within 60 s");
            }
            Thread.Sleep(200);
        }
        return engine;
    }

    bool Accepts()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException) { return false; }
    }

    static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Dispose()
    {
        try { if (!process.HasExited) process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        process.WaitForExit(10_000);
        process.Dispose();
    }
}
