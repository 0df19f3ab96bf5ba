using System.Diagnostics;
using System.Globalization;
using BrightFunnel.Warehouse.Impala;
using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Impala.Staging;
using BrightFunnel.Warehouse.Migrations;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Loading;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;
using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator.Engines.Impala;

/// <summary>What one web step built: sessions, identified sessions, web touches, and what each phase took.</summary>
public sealed record WebReport(long Sessions, long Identified, long Touches, long AnalyticsRows, TimeSpan Stage, TimeSpan Run, TimeSpan Publish)
{
    public override string ToString() =>
        $"{Sessions} web sessions ({Identified} identified), {Touches} web touches, {AnalyticsRows} analytics rows; " +
        $"staged in {Stage.TotalSeconds:0.0} s, built in {Run.TotalSeconds:0.0} s, published in {Publish.TotalSeconds:0.0} s";
}

/// <summary>
/// The web step on the cluster. Stage: the MySQL inputs (<c>sql/impala/web/inputs</c>: email hashes,
/// campaigns, channel rules, settings, opportunities and person accounts) and the tenant's time zone
/// as data (<see cref="TimeZoneDayOffsets"/>) into a database of the run's own. Run:
/// <c>sql/impala/web</c> in <see cref="EngineScripts.WebBuildOrder"/> over the lake
/// (<c>bfw_{tenant}.web_events</c>) into this run's <c>web_sessions_r{run}</c> and
/// <c>web_touches_r{run}</c>, then the compact analytics (<c>analytics/an_*.sql</c>) copied into
/// MySQL shadow tables. Publish, only while the run holds the tenant's fence: repoint the views
/// (<see cref="ClusterWebActivity"/>), swap the analytics in and record <c>web_build_info</c>, then
/// drop the previous run's tables. A failure before the views move leaves everything as it was.
/// </summary>
public sealed class WebActivityOffload(string tenantConnectionString, ImpalaSettings impala, EngineScripts scripts)
{
    static readonly NLog.Logger Log = NLog.LogManager.GetCurrentClassLogger();

    /// <summary>The run database's name suffix (<see cref="ClusterAttribution.RunDatabase"/>).</summary>
    public const string Step = "web";

    /// <summary>Builds and publishes; null when the tenant has no lake table (no web events).</summary>
    public async Task<WebReport?> RunAsync(TenantId tenant, long runId, string timeZone, CancellationToken ct = default)
    {
        var web = new ClusterWebActivity(tenant);
        var cluster = web.Cluster;
        var database = cluster.RunDatabase(runId, Step);
        var variables = cluster.Variables(runId);
        var store = impala.StagingStore();
        var area = new StagingArea(store, cluster.StagingFolder, $"run{runId}_{Step}");
        await using var mysql = await DbConnections.TenantAsync(tenantConnectionString, ct);
        Hs2Session? session = null;
        var published = false;
        IReadOnlyList<string> shadows = [];
        try
        {
            var clock = Stopwatch.StartNew();
            session = await Hs2Session.OpenAsync(impala.ClientOptions(), ct);
            if (!await web.HasEventsAsync(session, ct)) return null;
            await cluster.ClearAbandonedRunsAsync(session, store, ct);
            var inForce = WebBuildInfo.Read(mysql)?.RunId;
            await web.DropRunTablesAsync(session, inForce is { } previous ? [runId, previous] : [runId], ct);
            await web.DropRunAsync(session, runId, ct); // a retry of this run may find its first attempt's tables
            CancellableSql.Execute(mysql, "CALL at_build_person_accounts()", null, ct);
            var staged = await OffloadStaging.StageInputsAsync(mysql, area, scripts, ct);
            using (var offsets = TimeZoneDayOffsets.Table(TimeZoneInfo.FindSystemTimeZoneById(timeZone)).CreateDataReader())
                staged += (await area.StageAsync("web_day_offsets", offsets, null, ct)).Rows;
            await area.RegisterAsync(session, database, ct);
            var stage = clock.Elapsed;

            clock.Restart();
            await session.ExecuteNonQueryAsync($"USE {ImpalaDdl.Quote(database)}", null, ct);
            foreach (var name in EngineScripts.WebBuildOrder) await OffloadStaging.ExecuteScriptAsync(session, scripts, name, variables, ct);
            var counts = (await session.QueryAsync(scripts.Statement(CountsStatement, variables), null, ct)).Rows[0];
            var (sessions, identified, touches) = (Count(counts[0]), Count(counts[1]), Count(counts[2]));
            shadows = scripts.StatementsIn(EngineScripts.AnalyticsFolder).Select(n => Path.GetFileName(n) + "_next").ToList();
            var analytics = await OffloadStaging.CopyBackAsync(session, mysql, scripts, variables, impala.FetchSize, ct,
                token => OffloadStaging.OpenInAsync(impala, database, token));
            var run = clock.Elapsed;

            clock.Restart();
            // The cluster has no transactions to fence the views with: check the run's fence right before
            // repointing them; the swap that records what is in force checks it again.
            TenantFence.Check(mysql, $"repointing the web views of {cluster.Database}");
            await web.PublishAsync(session, runId, ct);
            published = true;
            SwapIn(mysql, runId, cluster.Database, sessions, identified, touches);
            shadows = [];
            var dropped = await web.DropRunTablesAsync(session, [runId], ct);
            if (dropped.Count > 0) Log.Info("web: dropped the previous run tables {tables}", string.Join(", ", dropped));
            var report = new WebReport(sessions, identified, touches, analytics, stage, run, clock.Elapsed);
            Log.Info("web: {report} (staged {rows} rows)", report, staged);
            return report;
        }
        finally
        {
            if (session is not null && !published)
            {
                try { await web.DropRunAsync(session, runId); }
                catch (Exception e) { Log.Warn("web: could not drop the run's tables in {database}: {error}", cluster.Database, e.Message); }
            }
            await OffloadStaging.EndRunAsync(session, store, cluster, database);
            await DropShadowsAsync(["at_person_accounts_next", .. shadows]);
        }
    }

    /// <summary>The one-row counts of this run's sessions, identified sessions and touches.</summary>
    public const string CountsStatement = "web_build_counts";

    void SwapIn(MySqlConnection mysql, long runId, string clusterDatabase, long sessions, long identified, long touches)
    {
        var tables = scripts.StatementsIn(EngineScripts.AnalyticsFolder).Select(Path.GetFileName).OfType<string>().ToList();
        foreach (var t in tables) mysql.Execute($"DROP TABLE IF EXISTS {MySqlIdentifier.Quote(t + "_old")}");
        TenantFence.Swap(mysql, "the web step's analytics", string.Join(", ", tables.Select(t =>
            $"{MySqlIdentifier.Quote(t)} TO {MySqlIdentifier.Quote(t + "_old")}, {MySqlIdentifier.Quote(t + "_next")} TO {MySqlIdentifier.Quote(t)}")));
        foreach (var t in tables) mysql.Execute($"DROP TABLE {MySqlIdentifier.Quote(t + "_old")}");
        mysql.Execute("""
            REPLACE INTO web_build_info (id, run_id, cluster_database, sessions, identified, touches, built_at)
            VALUES (1, @runId, @clusterDatabase, @sessions, @identified, @touches, UTC_TIMESTAMP(6))
            """, new { runId, clusterDatabase, sessions, identified, touches });
    }

    async Task DropShadowsAsync(IEnumerable<string> tables)
    {
        try
        {
            // A connection of its own: the step's connection may be the very thing that failed.
            await using var fresh = await DbConnections.TenantAsync(tenantConnectionString);
            foreach (var t in tables) await fresh.ExecuteAsync($"DROP TABLE IF EXISTS {MySqlIdentifier.Quote(t)}");
        }
        catch (Exception e) { Log.Warn("web: could not drop the shadow tables: {error}", Secrets.MaskPasswords(e.Message)); }
    }

    static long Count(object? value) => value is null ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);
}
