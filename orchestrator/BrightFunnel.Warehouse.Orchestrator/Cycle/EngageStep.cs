using BrightFunnel.Warehouse.Orchestrator.Abm;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator.Cycle;

/// <summary>
/// Weekly engagement of every account, its spikes, and the target account lists (docs/abm.md):
/// writes the tenant's lists from bf_control into the tenant database, evaluates their members, then
/// has the run's engine reduce the signals where it keeps the touches (<see cref="IEngagementWork"/>:
/// the stored procedures on engine mysql, the cluster on engine impala) while the listed accounts'
/// journeys are built beside it on a connection of their own; <c>an_build_list_engagement</c> then
/// builds the lists' side and swaps it all in through the run's fence.
/// </summary>
public sealed class EngageStep : ICycleStep
{
    public string Name => CycleSteps.Engage;

    public StepResult Run(StepContext run, CancellationToken cancel)
    {
        var lists = new TargetListStore(run.Settings.Control.ConnectionString).List(run.Tenant);
        using var c = DbConnections.Tenant(run.TenantConnectionString);
        TargetListEvaluation.Write(c, lists, run.Dates);
        var built = Engage(c, run.TenantConnectionString, run.Engine.EngagementWork(), run.RunId, run.Dates.Today, cancel);
        var targets = c.ExecuteScalar<long>("SELECT COUNT(*) FROM an_target_accounts");
        return StepResult.Done(built.AccountWeeks,
            $"{built.AccountWeeks} account weeks, {built.Spikes} spikes on {built.Where}, {lists.Count} target account list(s) holding {targets} account(s)");
    }

    /// <summary>
    /// The step's work once the lists are written (<see cref="TargetListEvaluation.Write"/>). The
    /// journeys read only the canonical tables, the person accounts and the web step's weeks, none of
    /// which the engine's work changes, so they are built at the same time: at L about 8 s of MySQL beside
    /// the cluster's 13 s. Both halves write only work and <c>_next</c> tables; the swap is fenced.
    /// </summary>
    public static EngagementBuilt Engage(MySqlConnection tenant, string tenantConnectionString, IEngagementWork work, long runId, DateOnly runDate,
        CancellationToken cancel)
    {
        CancellableSql.Execute(tenant, "CALL an_build_list_members()", null, cancel);
        var journeys = BesideCall.Start(tenantConnectionString, CancellableSql.InMemory + "CALL an_build_account_journey()", null, cancel);
        EngagementBuilt built;
        try
        {
            built = work.Build(tenant, runId, cancel);
        }
        catch
        {
            // The journeys' connection is not left running behind a failed step; their own failure is secondary.
            journeys.EndQuietly();
            throw;
        }
        SyncBridge.Wait(journeys.Completion);
        CancellableSql.Execute(tenant, CancellableSql.InMemory + "CALL an_build_list_engagement(@runId, @runDate, @lastWeek)",
            new { runId, runDate = runDate.ToDateTime(TimeOnly.MinValue), lastWeek = built.LastWeek?.ToDateTime(TimeOnly.MinValue) }, cancel);
        return built;
    }
}
