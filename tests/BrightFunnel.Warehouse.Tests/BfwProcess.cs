using System.Diagnostics;
using System.Text;
using BrightFunnel.Warehouse.Orchestrator;

namespace BrightFunnel.Warehouse.Tests;

/// <summary>
/// The built <c>bfw</c> in a process of its own, on a test's databases, engine and timings: what
/// a test kills (no shutdown, no goodbye) to see how the others cope with a dead owner, or runs to
/// its end to see what an operator sees (exit code and output).
/// </summary>
public static class BfwProcess
{
    public static Process Start(WarehouseSettings s, params string[] args) => Start(s, null, null, args);

    /// <summary>Starts bfw with extra <paramref name="environment"/>; what it prints goes into <paramref name="printed"/> as it comes.</summary>
    public static Process Start(WarehouseSettings s, IReadOnlyDictionary<string, string>? environment, StringBuilder? printed, params string[] args)
    {
        var info = StartInfo(s, args);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start bfw {string.Join(' ', args)}");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null && printed is not null) lock (printed) printed.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null && printed is not null) lock (printed) printed.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Runs <c>bfw</c> to its end, as an operator's shell would: its exit code and everything it printed.</summary>
    public static async Task<(int Code, string Output, string Error)> RunAsync(WarehouseSettings s, params string[] args)
    {
        using var process = Process.Start(StartInfo(s, args)) ?? throw new InvalidOperationException($"could not start bfw {string.Join(' ', args)}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    static ProcessStartInfo StartInfo(WarehouseSettings s, string[] args)
    {
        UnitRun.Refuse("bfw running on a database");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "bfw.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["BFW__Control__ConnectionString"] = s.Control.ConnectionString,
                ["BFW__Web__ConnectionString"] = s.Web.ConnectionString,
                ["BFW__ExportsRoot"] = s.ExportsRoot,
                ["BFW__KeyRing"] = s.KeyRing,
                ["BFW__Logs__Directory"] = TestAssembly.Logs.Directory,
                ["BFW__Impala__Host"] = s.Impala.Host,
                ["BFW__Impala__Port"] = s.Impala.Port.ToString(),
                ["BFW__Impala__Root"] = s.Impala.Root,
                ["BFW__Scheduler__IdleWaitTime"] = s.Scheduler.IdleWaitTime.ToString(),
                ["BFW__Scheduler__CheckinInterval"] = s.Scheduler.CheckinInterval.ToString(),
                ["BFW__Scheduler__CheckinMisfireThreshold"] = s.Scheduler.CheckinMisfireThreshold.ToString(),
                ["BFW__Scheduler__RetryAttempts"] = s.Scheduler.RetryAttempts.ToString(),
                ["BFW__Scheduler__RetryInitialDelay"] = s.Scheduler.RetryInitialDelay.ToString(),
                ["BFW__Scheduler__RetryMaxDelay"] = s.Scheduler.RetryMaxDelay.ToString(),
                ["BFW__Scheduler__HeartbeatInterval"] = s.Scheduler.HeartbeatInterval.ToString(),
                ["BFW__Scheduler__RunLease"] = s.Scheduler.RunLease.ToString(),
            },
        };
        foreach (var (name, value) in KerberosSettings(s.Impala)) start.Environment[$"BFW__Impala__{name}"] = value;
        // The settings above say where everything is: the shortcut ports of ./run would contradict a
        // test's own engine or tripwire port, and bfw refuses a contradiction.
        start.Environment.Remove("BFW_DB_PORT");
        start.Environment.Remove("BFW_IMPALA_PORT");
        return start;
    }

    /// <summary>A test's Kerberos settings, those it set (the KDC's realm comes with the inherited KRB5_CONFIG).</summary>
    static IEnumerable<(string Name, string Value)> KerberosSettings(ImpalaSettings impala) =>
        new (string Name, string? Value)[]
        {
            ("Auth", impala.Auth), ("Transport", impala.Transport), ("KerberosService", impala.KerberosService), ("KerberosHost", impala.KerberosHost),
            ("KerberosPrincipal", impala.KerberosPrincipal), ("Keytab", impala.Keytab), ("TicketCache", impala.TicketCache),
        }.Where(s => !string.IsNullOrEmpty(s.Value)).Select(s => (s.Name, s.Value!));
}
