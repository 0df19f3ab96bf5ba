using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;
namespace BrightFunnel.Warehouse.Orchestrator.Cycle;

/// <summary>The steps of a tenant's data cycle, in the order they run.</summary>
public static class CycleSteps
{
    public const string Ingest = "ingest";
    /// <summary>The setup check (<see cref="TenantCheck"/>) on the data just ingested, before anything is built from it.</summary>
    public const string Check = "check";
    public const string Canonicalize = "canonicalize";
    public const string Match = "match";
    /// <summary>Web events → sessions and web touches on the cluster (<see cref="WebStep"/>), before attribute counts them.</summary>
    public const string Web = "web";
    public const string Attribute = "attribute";
    public const string Aggregate = "aggregate";
    /// <summary>Weekly account engagement, spikes and target account lists (<see cref="EngageStep"/>), from what aggregate and attribute built.</summary>
    public const string Engage = "engage";
    public const string Publish = "publish";

    /// <summary>Every step, in order.</summary>
    public static readonly IReadOnlyList<ICycleStep> Steps =
        [new IngestStep(), new CheckStep(), new CanonicalizeStep(), new MatchStep(), new WebStep(), new AttributeStep(), new AggregateStep(), new EngageStep(), new PublishStep()];

    /// <summary>Every step's name, in order.</summary>
    public static readonly IReadOnlyList<string> All = Steps.Select(s => s.Name).ToList();

    public static ICycleStep Parse(string name) =>
        Steps.FirstOrDefault(s => s.Name == name) ?? throw new BadInputException($"unknown step '{name}' (steps: {string.Join(", ", All)})");

    /// <summary>
    /// The steps a run executes: all, from one step on, or just one. <c>--from canonicalize</c> runs
    /// the check first too: the check guards what canonicalize builds from the configuration.
    /// <c>--only</c> runs exactly the step named (the escape hatch, e.g. <c>--only check</c>).
    /// </summary>
    public static IReadOnlyList<ICycleStep> Select(string? from, string? only)
    {
        if (from is not null && only is not null) throw new BadInputException("use --from or --only, not both");
        if (only is not null) return [Parse(only)];
        if (from is null) return Steps;
        var first = Parse(from);
        var steps = Steps.SkipWhile(s => s != first).ToList();
        return steps[0] is CanonicalizeStep ? [Parse(Check), .. steps] : steps;
    }
}
