namespace BrightFunnel.Warehouse.Orchestrator;

/// <summary>
/// The Impala daemon the offload talks to, and the local engine's defaults. Out of the box this
/// is the local engine (<c>bfw impala serve</c>) on 127.0.0.1:21050 with its root under <c>.bfw/</c>.
/// </summary>
public sealed class ImpalaSettings
{
    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 21050;

    /// <summary>The local engine's root folder: its stand-in for HDFS, where staging writes.</summary>
    public string Root { get; set; } = Path.Combine(Directory.GetCurrentDirectory(), ".bfw", "impala");
}
