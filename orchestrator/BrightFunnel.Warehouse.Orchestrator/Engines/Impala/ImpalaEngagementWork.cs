using System.Diagnostics;
using System.Globalization;
using BrightFunnel.Warehouse.Impala;
using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Impala.Staging;
using BrightFunnel.Warehouse.Migrations;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Loading;
using BrightFunnel.Warehouse.Orchestrator.Tenants;
using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator.Engines.Impala;

/// <summary>
/// The engage step on the cluster, where the touches are reduced (the caller evaluated the lists'
/// members first, <c>an_build_list_members</c>). The touches, people and person accounts are those the
/// attribution in force was built from, which the attribute step keeps in the tenant's database
/// (<c>at_staged_*</c>, see <see cref="ClusterAttribution"/>): at L they are three million rows that
/// took 15 s to stage again; the web step's account weeks are read the same way (<c>web_account_weeks</c>,
/// see <see cref="ClusterWebActivity"/>). Stage: <c>sql/impala/engage/inputs</c> (campaigns, opportunities,
/// weights, settings and the listed accounts) into a database of the run's own. Run: <see cref="EngineScripts.EngageBuildOrder"/>
/// (signals, week points, decayed scores, weeks with their trailing window and spikes, spike
/// causes, the listed accounts' weeks). Copy back: <c>analytics/*.sql</c> into MySQL's <c>{table}_next</c>:
/// every spike and its causes, the channels of the listed accounts' weeks, and their weeks: those the
/// lists' side reads (from 13 weeks before the last week with points) as rows, and all of them packed per
/// account for the page (at L 6,396 rows instead of 636k). Every account's weeks stay in the run's
/// database, dropped with it (nothing else shows them; at L they are millions), so
/// <c>an_account_weeks</c> is empty on this engine.
/// </summary>
public sealed class ImpalaEngagementWork(TenantId tenant, string tenantConnectionString, ImpalaSettings impala, EngineScripts scripts) : IEngagementWork
{
    static readonly NLog.Logger Log = NLog.LogManager.GetCurrentClassLogger();

    /// <summary>The run database's name suffix (<see cref="ClusterAttribution.RunDatabase"/>).</summary>
    public const string Step = "engage";

    /// <summary>
    /// The web step's account weeks: a view over those it published in the tenant's database (at M,
    /// 311k rows that took 2.2 s to stage again from MySQL's copy), else an empty table.
    /// </summary>
    const string WebWeeks = "eg_web_weeks", NoWebWeeks = "eg_web_weeks_none";

    /// <summary>The longest copies, which go first (at L the spike causes' 339k rows and the packed weeks' 53 MB of text).</summary>
    static readonly string[] LongestCopies =
        [EngineScripts.AnalyticsFolder + "/an_account_spike_causes", EngineScripts.AnalyticsFolder + "/an_target_account_weeks_packed"];

    /// <summary>Every account's weeks (<c>an_account_weeks</c> in MySQL) stay on the cluster; the step swaps in an empty table for them.</summary>
    const string AllWeeks = "an_account_weeks";

    /// <summary>The one-row counts: account weeks, spikes, the last week with points (a day number).</summary>
    public const string CountsStatement = "eg_build_counts";

    public EngagementBuilt Build(MySqlConnection tenant, long runId, CancellationToken cancel) =>
        SyncBridge.Wait(BuildAsync(tenant, runId, cancel));

    async Task<EngagementBuilt> BuildAsync(MySqlConnection mysql, long runId, CancellationToken ct)
    {
        var cluster = new ClusterAttribution(tenant);
        var database = cluster.RunDatabase(runId, Step);
        var variables = cluster.Variables(runId);
        var store = impala.StagingStore();
        var area = new StagingArea(store, cluster.StagingFolder, $"run{runId}_{Step}");
        Hs2Session? session = null;
        try
        {
            var clock = Stopwatch.StartNew();
            session = await cluster.OpenAttributionAsync(impala, ct);
            await cluster.ClearAbandonedRunsAsync(session, store, ct);
            var staged = await OffloadStaging.StageInputsAsync(tenantConnectionString, area, scripts, ct);
            await area.RegisterAsync(session, database, ct);
            await session.ExecuteNonQueryAsync($"USE {ImpalaDdl.Quote(database)}", null, ct);
            var webWeeks = (await cluster.TablesAsync(session, ct)).Contains(ClusterWebActivity.AccountWeeksView) ? WebWeeks : NoWebWeeks;
            await OffloadStaging.ExecuteScriptAsync(session, scripts, webWeeks, variables, ct);
            var staging = clock.Elapsed;

            clock.Restart();
            foreach (var name in EngineScripts.EngageBuildOrder) await OffloadStaging.ExecuteScriptAsync(session, scripts, name, variables, ct);
            var counts = (await session.QueryAsync(scripts.Statement(CountsStatement, variables), null, ct)).Rows[0];
            var (weeks, spikes) = (Convert.ToInt64(counts[0], CultureInfo.InvariantCulture), Convert.ToInt64(counts[1], CultureInfo.InvariantCulture));
            DateOnly? lastWeek = counts[2] is null or DBNull ? null // no week has points
                : MySqlDays.ToDate(counts[2]!);
            var build = clock.Elapsed;

            clock.Restart();
            var copied = await OffloadStaging.CopyBackAsync(session, mysql, scripts, variables, impala.FetchSize, ct,
                token => OffloadStaging.OpenInAsync(impala, database, token), LongestCopies);
            await OffloadStaging.EmptyShadowAsync(mysql, AllWeeks);
            Log.Info("engage on the cluster: staged {staged} rows in {staging} ms, built {weeks} account weeks ({spikes} spikes) in {build} ms, " +
                     "copied {copied} rows back in {copy} ms",
                staged, (long)staging.TotalMilliseconds, weeks, spikes, (long)build.TotalMilliseconds, copied, clock.ElapsedMilliseconds);
            return new EngagementBuilt(weeks, spikes, "the cluster", lastWeek);
        }
        finally
        {
            await OffloadStaging.EndRunAsync(session, store, cluster, database);
        }
    }
}
