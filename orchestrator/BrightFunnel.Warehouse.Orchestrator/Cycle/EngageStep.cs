using BrightFunnel.Warehouse.Orchestrator.Abm;
using Dapper;

namespace BrightFunnel.Warehouse.Orchestrator.Cycle;

/// <summary>
/// Weekly engagement of every account, its spikes, and the target account lists (docs/abm.md):
/// writes the tenant's lists from bf_control into the tenant database, then
/// <c>an_build_engagement</c> reduces the signals where they live in MySQL (campaign touches,
/// people, opportunities; the web step already reduced the sessions on the cluster), scores the
/// weeks, finds the spikes, and swaps it all in through the run's fence.
/// </summary>
public sealed class EngageStep : ICycleStep
{
    public string Name => CycleSteps.Engage;

    public StepResult Run(StepContext run, CancellationToken cancel)
    {
        var lists = new TargetListStore(run.Settings.Control.ConnectionString).List(run.Tenant);
        using var c = DbConnections.Tenant(run.TenantConnectionString);
        TargetListEvaluation.Write(c, lists, run.Dates);
        CancellableSql.Execute(c, "CALL an_build_engagement(@runId, @runDate)",
            new { runId = run.RunId, runDate = run.Dates.Today.ToDateTime(TimeOnly.MinValue) }, cancel);
        var (weeks, spikes, targets) = c.QuerySingle<(long, long, long)>(
            "SELECT (SELECT COUNT(*) FROM an_account_weeks), (SELECT COUNT(*) FROM an_account_spikes), (SELECT COUNT(*) FROM an_target_accounts)");
        return StepResult.Done(weeks, $"{weeks} account weeks, {spikes} spikes, {lists.Count} target account list(s) holding {targets} account(s)");
    }
}
