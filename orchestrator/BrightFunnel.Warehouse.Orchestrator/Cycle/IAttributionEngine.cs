namespace BrightFunnel.Warehouse.Orchestrator.Cycle;

/// <summary>
/// Where and how a tenant's attribution is built and its pairs are read: the tenant database's
/// stored procedures (<see cref="MySqlAttributionEngine"/>) or the cluster
/// (<see cref="Offload.ImpalaAttributionEngine"/>). The steps say what to do and ask the engine
/// to do it, as a Quartz <c>IJob</c> asks its <c>IDriverDelegate</c>. <see cref="AttributionEngines"/>
/// chooses one, by name, once per run.
/// </summary>
public interface IAttributionEngine
{
    /// <summary>The name the tenant configuration, <c>--engine</c> and <c>at_build_info.engine</c> use.</summary>
    string Name { get; }

    /// <summary>Builds paths, credits and unattributed opportunities and swaps them in where this engine keeps them.</summary>
    AttributionBuilt Attribute(CancellationToken cancel = default);

    /// <summary>The aggregate step's pair-grain work, run where this engine keeps the pairs.</summary>
    IAnalyticsWorkBuilder AnalyticsWork();
}

/// <summary>What an attribution build left in place, and how to describe it in the step's detail.</summary>
public sealed record AttributionBuilt(long CreditRows, string Detail);
