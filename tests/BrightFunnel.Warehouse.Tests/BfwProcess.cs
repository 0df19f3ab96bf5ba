using System.Diagnostics;
using BrightFunnel.Warehouse.Orchestrator;

namespace BrightFunnel.Warehouse.Tests;

/// <summary>
/// The built <c>bfw</c> in a process of its own, on a test's databases, engine and timings: what
/// a test kills (no shutdown, no goodbye) to see how the others cope with a dead owner, or runs to
/// its end to see what an operator sees (exit code and output).
/// </summary>
public static class BfwProcess
{
    public static Process Start(WarehouseSettings s, params string[] args)
    {
        var process = Process.Start(StartInfo(s, args)) ?? throw new InvalidOperationException($"could not start bfw {string.Join(' ', args)}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
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
        // The settings above say where everything is: the shortcut ports of ./run would contradict a
        // test's own engine or tripwire port, and bfw refuses a contradiction.
        start.Environment.Remove("BFW_DB_PORT");
        start.Environment.Remove("BFW_IMPALA_PORT");
        return start;
    }
}
