namespace BrightFunnel.Warehouse.Collect.Intake;

/// <summary>A batch that is not JSON, or an event that breaks a rule: 400, with a message naming the event and field (never its value).</summary>
public sealed class BadBatchException(string message) : Exception(message);
