namespace BrightFunnel.Warehouse.Orchestrator.Cycle;

/// <summary>
/// canonical → at_*: the attribution, built by the run's engine (<see cref="StepContext.Engine"/>):
/// the tenant's configured one, or the one the run names with <c>--engine</c>.
/// </summary>
public sealed class AttributeStep : ICycleStep
{
    public string Name => CycleSteps.Attribute;

    public StepResult Run(StepContext run, CancellationToken cancel)
    {
        var built = run.Engine.Attribute(cancel);
        return StepResult.Done(built.CreditRows, built.Detail);
    }
}
