namespace BrightFunnel.Warehouse.Orchestrator.Cycle;

/// <summary>The steps of a tenant's data cycle, in the order they run.</summary>
public static class CycleStep
{
    public const string Ingest = "ingest";
    public const string Canonicalize = "canonicalize";
    public const string Match = "match";
    public const string Attribute = "attribute";
    public const string Aggregate = "aggregate";
    public const string Publish = "publish";

    public static readonly IReadOnlyList<string> All = [Ingest, Canonicalize, Match, Attribute, Aggregate, Publish];

    public static string Parse(string name) =>
        All.Contains(name) ? name : throw new BadInputException($"unknown step '{name}' (steps: {string.Join(", ", All)})");

    /// <summary>The steps a run executes: all, from one step on, or just one.</summary>
    public static IReadOnlyList<string> Select(string? from, string? only)
    {
        if (from is not null && only is not null) throw new BadInputException("use --from or --only, not both");
        if (only is not null) return [Parse(only)];
        return from is null ? All : All.Skip(All.ToList().IndexOf(Parse(from))).ToList();
    }
}
