using BrightFunnel.Warehouse.Console;
using BrightFunnel.Warehouse.Orchestrator;

var settings = WarehouseSettings.Load();
Logging.Configure(settings.Logs);
settings.Parallelism.ApplyToProcess();
return new BfwConsole(settings, System.Console.Out, System.Console.Error)
{
    Input = System.Console.In,
    InteractiveInput = !System.Console.IsInputRedirected,
    TerminalOutput = !System.Console.IsOutputRedirected,
}.Run(args);
