using System.Diagnostics;
using BrightFunnel.Warehouse.Orchestrator;

namespace BrightFunnel.Warehouse.Tests;

/// <summary>
/// The built <c>bfw</c> in a process of its own, on a test's databases, engine and timings: what
/// a test kills (no shutdown, no goodbye) to see how the others cope with a dead owner.
/// </summary>
public static class BfwProcess
{
    public static Process Start(WarehouseSettings s, params string[] args)
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
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start bfw {string.Join(' ', args)}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
