using BrightFunnel.Warehouse.Console;
using BrightFunnel.Warehouse.Orchestrator;

var settings = WarehouseSettings.Load();
Logging.Configure(settings.Logs, settings.Control.ConnectionString);
return new BfwConsole(settings, System.Console.Out, System.Console.Error).Run(args);
