using BrightFunnel.Warehouse.Orchestrator.Abm;
using Dapper;

namespace BrightFunnel.Warehouse.Orchestrator.Cycle;

/// <summary>
/// Weekly engagement of every account, its spikes, and the target account lists (docs/abm.md):
/// writes the tenant's lists from bf_control into the tenant database, then has the run's engine
/// reduce the signals where it keeps the touches (<see cref="Engines.IEngagementWork"/>: the stored
/// procedures on engine mysql, the cluster on engine impala), score the weeks and find the spikes;
/// <c>an_build_list_engagement</c> builds the lists' side and swaps it all in through the run's fence.
/// </summary>
public sealed class EngageStep : ICycleStep
{
    /// <summary>
    /// Prefix of the step's procedure calls: their GROUP BYs' internal temporary tables stay in memory
    /// (the 16 MB defaults sent an M tenant's to disk, and its engage step took 79 s), for that call only.
    /// </summary>
    public const string InMemory = "SET STATEMENT tmp_table_size = 1073741824, max_heap_table_size = 1073741824 FOR ";

    public string Name => CycleSteps.Engage;

    public StepResult Run(StepContext run, CancellationToken cancel)
    {
        var lists = new TargetListStore(run.Settings.Control.ConnectionString).List(run.Tenant);
        using var c = DbConnections.Tenant(run.TenantConnectionString);
        TargetListEvaluation.Write(c, lists, run.Dates);
        var built = run.Engine.EngagementWork().Build(c, run.RunId, run.Dates.Today, cancel);
        var targets = c.ExecuteScalar<long>("SELECT COUNT(*) FROM an_target_accounts");
        return StepResult.Done(built.AccountWeeks,
            $"{built.AccountWeeks} account weeks, {built.Spikes} spikes on {built.Where}, {lists.Count} target account list(s) holding {targets} account(s)");
    }
}
