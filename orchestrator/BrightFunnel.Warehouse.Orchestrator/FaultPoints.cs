using System.Runtime.InteropServices;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;

namespace BrightFunnel.Warehouse.Orchestrator;

/// <summary>
/// Named points just before a run's writes where the process can be made to stop itself
/// (<c>SIGSTOP</c>), as a GC pause, a frozen VM or a partition would stop it: set
/// <c>BFW_FAULT_STOP_AT</c> to a point's name, and resume the process with <c>SIGCONT</c>. Used by
/// the fencing tests and the reproductions in docs/fault-injection.md; unset, a point costs one
/// environment read.
/// </summary>
public static class FaultPoints
{
    public const string Variable = "BFW_FAULT_STOP_AT";

    /// <summary>Before the attribute step swaps in its attribution (mysql: the build-and-swap CALL; impala: repointing the views).</summary>
    public const string AttributeSwap = "attribute.swap";

    /// <summary>Before the aggregate step's an_build_analytics, which swaps the analytics in.</summary>
    public const string AggregateSwap = "aggregate.swap";

    /// <summary>Before publish moves the web_publications pointer (the version's rows are loaded).</summary>
    public const string PublishSwitch = "publish.switch";

    /// <summary>After a batch of spool segments is in the event lake and registered, before its manifest rows.</summary>
    public const string EventsManifest = "events.manifest";

    const int SigStop = 19;

    public static void Reach(string point)
    {
        if (Environment.GetEnvironmentVariable(Variable) != point) return;
        NLog.LogManager.GetCurrentClassLogger().Warn("fault point {point}: process {pid} stops itself (SIGSTOP) until it gets SIGCONT", point, Environment.ProcessId);
        NLog.LogManager.Flush();
        if (Kill(Environment.ProcessId, SigStop) != 0) throw new InvalidOperationException($"fault point {point}: kill(SIGSTOP) failed ({Marshal.GetLastPInvokeError()})");
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    static extern int Kill(int pid, int signal);
}
