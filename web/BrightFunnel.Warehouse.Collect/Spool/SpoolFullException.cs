namespace BrightFunnel.Warehouse.Collect.Spool;

/// <summary>The spool's disk is full, or below the reserve it must keep: nothing was stored, answer 503.</summary>
public sealed class SpoolFullException(string message, Exception? inner = null) : Exception(message, inner);
