using BrightFunnel.Warehouse.Orchestrator.Filters;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Cycle;

/// <summary>
/// One step of a tenant's data cycle: what it does, not where (<see cref="IAttributionEngine"/>
/// says where the pairs are built and read), nor how it is recorded (<see cref="StepRecorder"/>).
/// Steps hold no state; <see cref="CycleSteps.Steps"/> lists them in the order they run.
/// </summary>
public interface ICycleStep
{
    /// <summary>The name <c>--from</c>/<c>--only</c> take and <c>run_steps.step</c> records.</summary>
    string Name { get; }

    StepResult Run(StepContext run, CancellationToken cancel);

    /// <summary>What a skip of this step makes of the run, or null when the run goes on as if it had run.</summary>
    RunStatus? RunStatusWhenSkipped => null;
}

/// <summary>What every step of one run shares: the tenant, its connection, the configuration in force, the run date and the engine.</summary>
/// <param name="Engine">The engine the configuration (or the run's <c>--engine</c>) names: where the attribute step builds the pairs.</param>
/// <param name="Engines">Every engine of this run, for a step that must use the one holding the attribution in force.</param>
public sealed record StepContext(WarehouseSettings Settings, TenantId Tenant, long RunId, string TenantConnectionString, TenantConfigVersion Config,
    RelativeDates Dates, bool AllowEmpty, IAttributionEngine Engine, AttributionEngines Engines)
{
    /// <summary>The web step's first half, which the cycle may start before the web step (<see cref="WebSessionsAhead"/>).</summary>
    public WebSessionsAhead WebAhead { get; init; } = new();

    /// <summary>The match step's matching, which canonicalize may start before the match step (<see cref="MatchAhead"/>).</summary>
    public MatchAhead MatchAhead { get; init; } = new();
}

/// <summary>How a step ended when it did not throw: it ran (<see cref="StepStatus.Succeeded"/>) or had nothing to do (<see cref="StepStatus.Skipped"/>).</summary>
public sealed record StepResult
{
    StepResult(long rows, string detail, StepStatus status) => (Rows, Detail, Status) = (rows, detail, status);

    public long Rows { get; }
    public string Detail { get; }
    public StepStatus Status { get; }

    public static StepResult Done(long rows, string detail) => new(rows, detail, StepStatus.Succeeded);

    /// <summary>Nothing to do; <paramref name="why"/> is recorded as the step's detail.</summary>
    public static StepResult Skip(string why) => new(0, why, StepStatus.Skipped);
}
