using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;

namespace BrightFunnel.Warehouse.Orchestrator.Engines;

/// <summary>
/// One store of a tenant's pairs: everything that depends on where the (opportunity, touch) pairs
/// live. The tenant database's stored procedures (<see cref="MySql.MySqlAttributionEngine"/>) or the
/// cluster (<see cref="Impala.ImpalaAttributionEngine"/>). The steps, explain and gc say what they
/// need and the engine says where it runs; nothing outside the implementations matches an engine by
/// name but <see cref="AttributionEngines"/>, which chooses one.
/// </summary>
public interface IAttributionEngine
{
    /// <summary>The name the tenant configuration, <c>--engine</c> and <c>at_build_info.engine</c> use.</summary>
    string Name { get; }

    /// <summary>Builds paths, credits and unattributed opportunities and swaps them in where this engine keeps them.</summary>
    AttributionBuilt Attribute(CancellationToken cancel = default);

    /// <summary>The aggregate step's pair-grain work, run where this engine keeps the pairs.</summary>
    IAnalyticsWorkBuilder AnalyticsWork();

    /// <summary>The engage step's signals, weeks and spikes, reduced where this engine keeps the touches.</summary>
    IEngagementWork EngagementWork();

    /// <summary>
    /// The web step's processing of the tenant's event lake, or null when this engine has no web
    /// activity (the events live only on the cluster: engine mysql).
    /// </summary>
    WebActivityOffload? WebActivity();

    /// <summary>The pairs of one opportunity (or all when null), optionally of one stage, ordered by stage and position.</summary>
    Task<IReadOnlyList<AttributionPair>> ReadPairsAsync(string? opportunityId, string? stage, CancellationToken ct = default);

    /// <summary>The unattributed (opportunity, stage) rows of one opportunity (or all when null).</summary>
    Task<IReadOnlyList<UnattributedRow>> ReadUnattributedAsync(string? opportunityId, CancellationToken ct = default);

    /// <summary>Where the pairs of <paramref name="inForce"/> are, for people (explain, step details).</summary>
    string Describe(AttributionBuildInfo inForce);

    /// <summary>
    /// What dead runs left where this engine keeps its work, removed unless <paramref name="dryRun"/>.
    /// <paramref name="inForce"/> is the tenant's attribution (null: none); <paramref name="configured"/>
    /// says whether the tenant's configuration names this engine. An engine the tenant never used has nothing to look at.
    /// </summary>
    Task<IReadOnlyList<Leftover>> SweepAsync(AttributionBuildInfo? inForce, bool configured, bool dryRun, CancellationToken ct = default);
}

/// <summary>What an attribution build left in place, and how to describe it in the step's detail.</summary>
public sealed record AttributionBuilt(long CreditRows, string Detail);
