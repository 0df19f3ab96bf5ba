using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
namespace BrightFunnel.Warehouse.Orchestrator;

/// <summary>Input from a person or a file that we refuse; the console maps it to exit code 2.</summary>
public class BadInputException(string message, Exception? inner = null) : Exception(message, inner);
