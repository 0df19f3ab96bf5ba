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
    /// <summary>What the first half took (<see cref="WebActivityOffload.BuildSessionRowsAsync"/>), wherever it ran.</summary>
    public TimeSpan SessionRows { get; init; }

    public override string ToString() =>
        $"{Sessions} web sessions ({Identified} identified), {Touches} web touches, {AnalyticsRows} analytics rows; " +
        $"sessions of the lake in {SessionRows.TotalSeconds:0.0} s, then staged in {Stage.TotalSeconds:0.0} s, built in {Run.TotalSeconds:0.0} s, published in {Publish.TotalSeconds:0.0} s";
}

/// <summary>
/// The web step's first half, built (<see cref="WebActivityOffload.BuildSessionRowsAsync"/>): the run's
/// database on the cluster holding <c>web_session_rows</c>, and the session that built it. Disposing it
/// drops the database and the staged files and closes the session; it is done once.
/// </summary>
public sealed class WebSessionRows(ClusterWebActivity web, long runId, Hs2Session session, IStagingStore store, StagingArea area, string database) : IAsyncDisposable
{
    int disposed;

    public ClusterWebActivity Web => web;
    public long RunId => runId;
    public Hs2Session Session => session;
    public StagingArea Area => area;
    public string Database => database;
    public long Staged { get; internal set; }
    public TimeSpan Elapsed { get; internal set; }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0) await OffloadStaging.EndRunAsync(session, store, web.Cluster, database);
    }
}

/// <summary>
/// The web step on the cluster, in two halves. First, from the lake alone, the run's database and its
/// sessions (<see cref="BuildSessionRowsAsync"/>; the cycle starts it while MySQL canonicalizes, see
/// <see cref="Cycle.WebSessionsAhead"/>). Then stage: the MySQL inputs (<c>sql/impala/web/inputs</c>: email hashes,
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
    public async Task<WebReport?> RunAsync(TenantId tenant, long runId, string timeZone, CancellationToken ct = default) =>
        await BuildSessionRowsAsync(tenant, runId, timeZone, ct) is { } rows ? await RunAsync(rows, ct) : null;

    /// <summary>
    /// The first half, which reads the lake alone: this run's database with the tenant's time zone as
    /// data (<see cref="TimeZoneDayOffsets"/>) and <see cref="EngineScripts.WebSessionRows"/>. Null when
    /// the tenant has no lake table. The caller owns what it returns: <see cref="RunAsync(WebSessionRows, CancellationToken)"/>
    /// goes on from it, or disposing it drops it.
    /// </summary>
    public async Task<WebSessionRows?> BuildSessionRowsAsync(TenantId tenant, long runId, string timeZone, CancellationToken ct = default)
    {
        var web = new ClusterWebActivity(tenant);
        var cluster = web.Cluster;
        var store = impala.StagingStore();
        var clock = Stopwatch.StartNew();
        var session = await Hs2Session.OpenAsync(impala.ClientOptions(), ct);
        var rows = new WebSessionRows(web, runId, session, store,
            new StagingArea(store, cluster.StagingFolder, $"run{runId}_{Step}"), cluster.RunDatabase(runId, Step));
        try
        {
            if (!await web.HasEventsAsync(session, ct))
            {
                await rows.DisposeAsync();
                return null;
            }
            await cluster.ClearAbandonedRunsAsync(session, store, ct);
            long? inForce;
            await using (var mysql = await DbConnections.TenantAsync(tenantConnectionString, ct))
                inForce = WebBuildInfo.Read(mysql)?.RunId;
            await web.DropRunTablesAsync(session, inForce is { } previous ? [runId, previous] : [runId], ct);
            await web.DropRunAsync(session, runId, ct); // a retry of this run may find its first attempt's tables
            using (var offsets = TimeZoneDayOffsets.Table(TimeZoneInfo.FindSystemTimeZoneById(timeZone)).CreateDataReader())
                rows.Staged += (await rows.Area.StageAsync("web_day_offsets", offsets, null, ct)).Rows;
            await rows.Area.RegisterAsync(session, rows.Database, ct);
            await session.ExecuteNonQueryAsync($"USE {ImpalaDdl.Quote(rows.Database)}", null, ct);
            await OffloadStaging.ExecuteScriptAsync(session, scripts, EngineScripts.WebSessionRows, cluster.Variables(runId), ct);
            rows.Elapsed = clock.Elapsed;
            return rows;
        }
        catch
        {
            await rows.DisposeAsync();
            throw;
        }
    }

    /// <summary>The second half, from <paramref name="rows"/> (which it disposes): the CRM's inputs, the sessions' people, channels and touches, the analytics, and the fenced publish.</summary>
    public async Task<WebReport> RunAsync(WebSessionRows rows, CancellationToken ct = default)
    {
        var (web, runId, session, area, database) = (rows.Web, rows.RunId, rows.Session, rows.Area, rows.Database);
        var cluster = web.Cluster;
        var variables = cluster.Variables(runId);
        await using var mysql = await DbConnections.TenantAsync(tenantConnectionString, ct);
        var published = false;
        IReadOnlyList<string> shadows = [];
        try
        {
            var clock = Stopwatch.StartNew();
            var staged = rows.Staged + await OffloadStaging.StageInputsAsync(tenantConnectionString, area, scripts, ct);
            await area.RegisterAsync(session, database, ct);
            var stage = clock.Elapsed;

            clock.Restart();
            await session.ExecuteNonQueryAsync($"USE {ImpalaDdl.Quote(database)}", null, ct);
            foreach (var name in EngineScripts.WebBuildOrder) await OffloadStaging.ExecuteScriptAsync(session, scripts, name, variables, ct);
            var counts = (await session.QueryAsync(scripts.Statement(CountsStatement, variables), null, ct)).Rows[0];
            var (sessions, identified, touches) = (Count(counts[0]), Count(counts[1]), Count(counts[2]));
            shadows = scripts.StatementsIn(EngineScripts.AnalyticsFolder).Select(n => Path.GetFileName(n) + "_next").ToList();
            var analytics = await OffloadStaging.CopyBackAsync(session, mysql, scripts, variables, impala.FetchSize, ct,
                token => OffloadStaging.OpenInAsync(impala, database, token), LongestCopies);
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
            var report = new WebReport(sessions, identified, touches, analytics, stage, run, clock.Elapsed) { SessionRows = rows.Elapsed };
            Log.Info("web: {report} (staged {rows} rows)", report, staged);
            return report;
        }
        finally
        {
            if (!published)
            {
                try { await web.DropRunAsync(session, runId); }
                catch (Exception e) { Log.Warn("web: could not drop the run's tables in {database}: {error}", cluster.Database, e.Message); }
            }
            await rows.DisposeAsync();
            await DropShadowsAsync(shadows);
        }
    }

    /// <summary>
    /// The longest copies, which go first, one per lane: at L the account weeks' 1.57M rows (12.9 s) and the top
    /// pages, which read every page view of the lake again (10.9 s). In name order the channel weeks (3 s alone)
    /// went first and the top pages began only when they ended: 19 s for the three.
    /// </summary>
    static readonly string[] LongestCopies =
        [EngineScripts.AnalyticsFolder + "/an_web_account_weeks", EngineScripts.AnalyticsFolder + "/an_web_top_pages"];

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
