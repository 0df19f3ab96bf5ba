using System.Runtime.InteropServices;
using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Scheduling;

namespace BrightFunnel.Warehouse.Console;

/// <summary><c>bfw serve [--instance-id ID]</c>: a clustered scheduler node until Ctrl+C or SIGTERM.</summary>
sealed class ServeCommand(WarehouseSettings settings, BfwConsole console)
{
    public int Run(CommandArgs args)
    {
        var instanceId = args.Option("instance-id", SchedulerNode.DefaultInstanceId);
        args.RejectUnused();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(console.Stop);
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true; // shut down ourselves, gracefully, rather than be killed
            if (!stop.IsCancellationRequested) console.Print($"{context.Signal}: stopping");
            stop.Cancel();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        SyncBridge.Wait(new SchedulerNode(settings, instanceId).Run(stop.Token, console.Print));
        return BfwConsole.Ok;
    }
}
