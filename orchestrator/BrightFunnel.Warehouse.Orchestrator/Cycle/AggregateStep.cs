using System.Diagnostics;
using BrightFunnel.Warehouse.Orchestrator.Filters;
using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Engines.MySql;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Cycle;

/// <summary>
/// at_* → an_*: writes each filter's scope (every opportunity for <c>all</c>, the compiled rule's
/// opportunities for each dynamic filter, values as parameters), has the work builder aggregate the
/// pairs into the work tables where the pairs live, then <c>an_build_analytics</c> composes every
/// table from those and swaps them in at once. The pairs are read where the attribution in force
/// lives (<see cref="AttributionEngines.InForce"/>), whatever engine the configuration names now.
/// </summary>
public sealed class AggregateStep : ICycleStep
{
    static readonly NLog.Logger Log = NLog.LogManager.GetCurrentClassLogger();

    public string Name => CycleSteps.Aggregate;

    public StepResult Run(StepContext run, CancellationToken cancel)
    {
        var filters = new FilterStore(run.Settings.Control.ConnectionString).List(run.Tenant);
        AttributionBuildInfo? info;
        using (var c = new MySqlConnection(run.TenantConnectionString))
        {
            c.Open();
            info = AttributionBuildInfo.Read(c);
        }
        var rows = Aggregate(run.TenantConnectionString, filters, run.Dates, run.Engines.InForce(info).AnalyticsWork(), cancel);
        return StepResult.Done(rows, $"{filters.Count + 1} filter scope(s), run date {run.Dates.Today:yyyy-MM-dd}, pair-grain work on {info?.Where ?? AttributionEngines.MySql}");
    }

    /// <summary>Builds every an_* table; <paramref name="work"/> (by default the MySQL one) aggregates the pairs. Returns the rows of an_campaign.</summary>
    public static long Aggregate(string tenantConnectionString, IReadOnlyList<DynamicFilter> filters, RelativeDates dates,
        IAnalyticsWorkBuilder? work = null, CancellationToken cancel = default)
    {
        work ??= new MySqlAnalyticsWork();
        // Compile everything first: a bad rule fails the step before any table changes.
        var compiled = filters.Select(f => (f.Name, Filter: Compile(f, dates))).ToList();
        var scopeClock = Stopwatch.StartNew();
        using var c = DbConnections.Tenant(tenantConnectionString);
        // Every filter by name, so one whose rule matches nothing still gets its zero rows.
        c.Execute("DELETE FROM an_filter_names_work");
        c.Execute("INSERT INTO an_filter_names_work (filter_name) VALUES (@name)",
            compiled.Select(f => new { name = f.Name }).Prepend(new { name = FilterStore.AllOpportunities }));
        c.Execute("DROP TABLE IF EXISTS an_filter_scopes_next");
        c.Execute("CREATE TABLE an_filter_scopes_next LIKE an_filter_scopes");
        c.Execute("INSERT INTO an_filter_scopes_next (filter_name, opportunity_id) SELECT @name, opportunity_id FROM cn_opportunities",
            new { name = FilterStore.AllOpportunities }, commandTimeout: 0);
        foreach (var (name, filter) in compiled)
        {
            filter.Parameters.Add("filter_name", name);
            c.Execute($"""
                INSERT INTO an_filter_scopes_next (filter_name, opportunity_id)
                SELECT @filter_name, o.opportunity_id
                FROM cn_opportunities o LEFT JOIN cn_accounts a ON a.account_id = o.account_id
                WHERE {filter.Predicate}
                """, filter.Parameters, commandTimeout: 0);
        }
        // Fresh statistics for the scopes just written, and no split materialization: with it
        // an_build_campaign can take a LATERAL DERIVED plan many times slower (history.md, "split
        // materialization"); an_build_account still joins grouped derived tables on their keys.
        c.Execute("ANALYZE TABLE an_filter_scopes_next");
        var scopes = scopeClock.Elapsed;
        var runDate = new { runDate = dates.Today.ToDateTime(TimeOnly.MinValue) };
        var clock = Stopwatch.StartNew();
        // What needs no pair (deals, accounts, the grid) is built on a connection of its own while the
        // pairs are aggregated: a third of the composition's MySQL time at M, off the step's critical path.
        var fromScopes = BesideCall.Start(tenantConnectionString, NoSplitMaterialization + "CALL an_build_from_scopes(@runDate)", runDate, cancel);
        TimeSpan built;
        try
        {
            work.Build(c, cancel);
            built = clock.Elapsed;
        }
        finally
        {
            fromScopes.EndQuietly();
        }
        var beside = SyncBridge.Wait(fromScopes.Completion);
        FaultPoints.Reach(FaultPoints.AggregateSwap);
        CancellableSql.Execute(c, NoSplitMaterialization + "CALL an_build_analytics(@runDate)", runDate, cancel);
        Log.Info("aggregate: scopes in {scopes} ms, work tables ({work}) in {built} ms, beside them an_build_from_scopes in {beside} ms, an_build_analytics in {compose} ms",
            (long)scopes.TotalMilliseconds, work.GetType().Name, (long)built.TotalMilliseconds, (long)beside.TotalMilliseconds,
            (long)(clock.Elapsed - TimeSpan.FromTicks(Math.Max(built.Ticks, beside.Ticks))).TotalMilliseconds);
        return c.ExecuteScalar<long>("SELECT COUNT(*) FROM an_campaign");
    }

    // SET STATEMENT … FOR: the switch holds for this call only, not for the pooled session after it.
    const string NoSplitMaterialization = "SET STATEMENT optimizer_switch = 'split_materialized=off' FOR ";

    static CompiledFilter Compile(DynamicFilter filter, RelativeDates dates)
    {
        try { return FilterCompiler.Compile(filter.Rule, dates); }
        catch (BadInputException e) { throw new BadInputException($"filter '{filter.Name}': {e.Message}", e); }
    }
}
