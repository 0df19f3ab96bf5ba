using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Engines.MySql;
using BrightFunnel.Warehouse.Orchestrator.Explain;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;
namespace BrightFunnel.Warehouse.Orchestrator;

/// <summary>Input from a person or a file that we refuse; the console maps it to exit code 2.</summary>
public class BadInputException(string message, Exception? inner = null) : Exception(message, inner);
