using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;
namespace BrightFunnel.Warehouse.Orchestrator.Cycle;

/// <summary>
/// The setup check (<see cref="TenantCheck"/>) on the raw data, before anything is built from it:
/// an error fails the run with the last good results in place; no data at all is a skip.
/// </summary>
public sealed class CheckStep : ICycleStep
{
    public string Name => CycleSteps.Check;

    public StepResult Run(StepContext run, CancellationToken cancel)
    {
        var report = new TenantCheck(run.TenantConnectionString).Run(run.Tenant, run.Config);
        if (!report.HasData) return StepResult.Skip("skipped: no data loaded yet");
        if (report.HasErrors)
            throw new BadInputException($"setup check FAILED: {report.DescribeErrors()} (see bfw tenant check {run.Tenant}); the last good results are in place");
        var warnings = report.Findings.Count(f => f.Severity == Severity.Warning);
        return StepResult.Done(report.RowsPerObject.Values.Sum(), $"setup check passed ({report.Findings.Count} findings, {warnings} warnings)");
    }
}
