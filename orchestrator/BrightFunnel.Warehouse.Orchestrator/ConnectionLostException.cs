using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Runs;
namespace BrightFunnel.Warehouse.Orchestrator;

/// <summary>
/// A command lost its database connection midway; the message names the server, the command and
/// what was changed. The driver's exception stays inside, so the failure still counts as transient.
/// </summary>
public sealed class ConnectionLostException(string message, Exception inner) : Exception(message, inner);
