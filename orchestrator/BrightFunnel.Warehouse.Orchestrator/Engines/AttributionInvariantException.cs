namespace BrightFunnel.Warehouse.Orchestrator.Engines;

/// <summary>A freshly built attribution whose shares do not sum to 1 (<c>sql/shared/at_credits_invariant.sql</c>): nothing was swapped in.</summary>
public sealed class AttributionInvariantException(string message) : Exception(message)
{
    /// <summary>The first violation the invariant returned: opportunity, stage, model, sum.</summary>
    public static AttributionInvariantException Broken(IReadOnlyList<object?> row, EngineScripts shared) =>
        new($"attribution invariant broken: shares of opportunity {row[0]} ({row[1]}, {row[2]}) sum to {row[3]}, not 1 ({shared.Describe(EngineScripts.InvariantCheck)})");
}
