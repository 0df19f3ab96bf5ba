using System.Diagnostics;
using BrightFunnel.Warehouse.Impala;
using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Impala.Staging;
using BrightFunnel.Warehouse.Migrations;
using BrightFunnel.Warehouse.Orchestrator.Loading;
using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Engines.Impala;

/// <summary>
/// The aggregate step's pair-grain work on the cluster, where the pairs are. Stage: the filter
/// scopes MySQL just evaluated (<c>an_filter_scopes_next</c>, with what the aggregations group
/// by) and the campaigns' channels, into a database of the run's own. Run:
/// <c>sql/impala/aggregate/prepare/*.sql</c> (the credits of every grain, one pass over the pairs), then
/// each <c>sql/impala/aggregate/an_*_work.sql</c> (a SELECT) against the tenant's current attribution (the views of
/// <see cref="ClusterAttribution"/>). Copy back: each <c>an_*_work</c> statement's compact result
/// into the MySQL work table of the same name, which <c>an_build_analytics</c> composes from —
/// the same boundary the MySQL engine's <c>an_build_work</c> fills.
/// </summary>
public sealed class ImpalaAnalyticsWork(TenantId tenant, long runId, string tenantConnectionString, ImpalaSettings impala, EngineScripts scripts) : IAnalyticsWorkBuilder
{
    static readonly NLog.Logger Log = NLog.LogManager.GetCurrentClassLogger();
    const string DealPathWork = "an_deal_path_work";

    public void Build(MySqlConnection tenantConnection, CancellationToken cancel) =>
        SyncBridge.Wait(BuildAsync(tenantConnection, cancel));

    async Task BuildAsync(MySqlConnection mysql, CancellationToken ct)
    {
        var cluster = new ClusterAttribution(tenant);
        var database = cluster.RunDatabase(runId, "aggregate");
        var variables = cluster.Variables(runId);
        var store = impala.StagingStore();
        var area = new StagingArea(store, cluster.StagingFolder, $"run{runId}_aggregate");
        Hs2Session? session = null;
        try
        {
            var clock = Stopwatch.StartNew();
            session = await cluster.OpenAttributionAsync(impala, ct);
            await cluster.ClearAbandonedRunsAsync(session, store, ct);
            var staged = await OffloadStaging.StageInputsAsync(tenantConnectionString, area, scripts, ct);
            await area.RegisterAsync(session, database, ct);
            await session.ExecuteNonQueryAsync($"USE {ImpalaDdl.Quote(database)}", null, ct);
            var staging = clock.Elapsed;

            clock.Restart();
            foreach (var name in scripts.PrepareStatements()) await OffloadStaging.ExecuteScriptAsync(session, scripts, name, variables, ct);
            // Two statements at a time: one's fetch and LOAD DATA overlap the other's work on the cluster.
            // The deal paths first: kilobytes a row, the longest copy by far (4.5 s of 8 at M), the rest beside it.
            var statements = scripts.Statements().OrderBy(name => name == DealPathWork ? 0 : 1).ToList();
            var rows = await OffloadStaging.CopyEachAsync(session, mysql, scripts, statements, IntoWorkTableAsync, variables, impala.FetchSize, ct,
                token => OffloadStaging.OpenInAsync(impala, database, token));
            Log.Info("aggregate offload: staged {staged} rows in {staging} ms, ran and copied {rows} work rows back in {copy} ms",
                staged, (long)staging.TotalMilliseconds, rows, clock.ElapsedMilliseconds);
        }
        finally
        {
            await OffloadStaging.EndRunAsync(session, store, cluster, database);
        }
    }

    /// <summary>The MySQL work table of the statement's name, emptied.</summary>
    static async Task<string> IntoWorkTableAsync(MySqlConnection mysql, string table)
    {
        await mysql.ExecuteAsync($"TRUNCATE TABLE {MySqlIdentifier.Quote(table)}");
        return table;
    }
}
