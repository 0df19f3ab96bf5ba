using Dapper;
using System.Diagnostics;
using System.Globalization;
using BrightFunnel.Warehouse.Impala;
using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Impala.Staging;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Engines.Impala;

/// <summary>How long each phase of one offload took, and what it built on the cluster.</summary>
public sealed record OffloadReport(long StagedRows, long PathRows, long CreditRows, long UnattributedRows,
    TimeSpan Stage, TimeSpan Run, TimeSpan Publish)
{
    public TimeSpan Total => Stage + Run + Publish;

    public override string ToString() =>
        $"engine impala: staged {StagedRows} rows in {Stage.TotalSeconds:0.0} s, built {PathRows} pairs ({CreditRows} credits) " +
        $"and {UnattributedRows} unattributed in {Run.TotalSeconds:0.0} s, published in {Publish.TotalSeconds:0.0} s; the pairs stay on the cluster";
}

/// <summary>
/// The attribute step on Impala. Stage: the canonical inputs (<c>sql/impala/attribute/inputs</c>)
/// as Parquet under the tenant's run folder, registered as external tables of a database of the
/// run's own. Run: <c>sql/impala/attribute</c> builds this run's tables in the tenant's persistent
/// database (<see cref="ClusterAttribution"/>), then checks the shares invariant there. Publish:
/// repoint the tenant's views at them, record in MySQL where the attribution lives (and swap in
/// the person → account map the analytics read), then drop the previous run's tables. The pairs
/// never land in MySQL. Until the views move nothing readers see has changed, so a failure
/// before that leaves the previous attribution in place; the run's database and staged files are
/// dropped whatever happens.
/// </summary>
public sealed class ImpalaAttributionOffload(string tenantConnectionString, ImpalaSettings impala, EngineScripts scripts, EngineScripts shared)
{
    static readonly NLog.Logger Log = NLog.LogManager.GetCurrentClassLogger();

    public async Task<OffloadReport> RunAsync(TenantId tenant, long runId, CancellationToken ct = default)
    {
        var cluster = new ClusterAttribution(tenant);
        var database = cluster.RunDatabase(runId, "attribute");
        var store = impala.StagingStore();
        var area = new StagingArea(store, cluster.StagingFolder, $"run{runId}");
        await using var mysql = await DbConnections.TenantAsync(tenantConnectionString, ct);
        Hs2Session? session = null;
        BesideCall? personAccounts = null;
        bool published = false, recorded = false, fenced = false;
        try
        {
            var clock = Stopwatch.StartNew();
            // Connect first: an unreachable engine fails the step before anything is staged.
            session = await Hs2Session.OpenAsync(impala.ClientOptions(), ct);
            await cluster.ClearAbandonedRunsAsync(session, store, ct);
            // Run tables no reader may need: neither this run's nor those of the attribution in force. A stalled
            // run that wakes up after this finds its tables gone, so its late view repointing fails on the cluster too.
            var inForce = AttributionBuildInfo.Read(mysql)?.RunId;
            await cluster.DropRunTablesAsync(session, inForce is { } previous ? [runId, previous] : [runId], ct);
            var staged = await OffloadStaging.StageInputsAsync(tenantConnectionString, area, scripts, ct);
            await area.RegisterAsync(session, database, ct);
            await session.ExecuteNonQueryAsync(ImpalaDdl.CreateDatabase(cluster.Database), null, ct);
            // A retry of this run may find the tables its first attempt left.
            await cluster.DropRunAsync(session, runId, ct);
            var stage = clock.Elapsed;
            Log.Info("offload: staged {rows} rows in {tables} tables for {database} in {ms} ms", staged, area.Tables.Count, database, stage.TotalMilliseconds);

            clock.Restart();
            // The person → account map MySQL's analytics read (swapped in with the attribution) is built on a
            // connection of its own while the cluster works: the staging read the same rows from its view
            // (at_person_accounts_source), and at L its table and index take about 3 s of MySQL.
            personAccounts = BesideCall.Start(tenantConnectionString, "CALL at_build_person_accounts()", null, ct);
            var variables = await VariablesAsync(session, mysql, cluster, runId, ct);
            await session.ExecuteNonQueryAsync($"USE {ImpalaDdl.Quote(database)}", null, ct);
            foreach (var name in EngineScripts.AttributeBuildOrder) await OffloadStaging.ExecuteScriptAsync(session, scripts, name, variables, ct);
            await CheckInvariantAsync(session, cluster, runId, ct);
            var counts = (await session.QueryAsync(scripts.Statement(EngineScripts.AttributionCounts, variables), null, ct)).Rows[0];
            var (paths, unattributed, credits) = (Count(counts[0]), Count(counts[1]), Count(counts[2]));
            var run = clock.Elapsed;

            await personAccounts.Completion;
            clock.Restart();
            FaultPoints.Reach(FaultPoints.AttributeSwap);
            // The cluster has no transactions to fence the views with: check the run's fence on the tenant's
            // server right before repointing them; the swap that records the attribution in force checks it again.
            TenantFence.Check(mysql, $"repointing the views of {cluster.Database}");
            await cluster.PublishAsync(session, runId, ct);
            published = true;
            CancellableSql.Execute(mysql, "CALL at_swap_cluster_attribution(@database, @runId, @paths, @unattributed, @credits)",
                new { database = cluster.Database, runId, paths, unattributed, credits }, ct);
            recorded = true;
            var dropped = await cluster.DropRunTablesAsync(session, [runId], ct);
            if (dropped.Count > 0) Log.Info("offload: dropped the previous run tables {tables}", string.Join(", ", dropped));
            var report = new OffloadReport(staged, paths, credits, unattributed, stage, run, clock.Elapsed);
            Log.Info("offload: {report}", report);
            return report;
        }
        catch (Exception e) when (RunFencedException.Within(e) is not null)
        {
            fenced = true; // the tenant is another run's now: the shared shadow table's name may be its work in progress
            throw;
        }
        finally
        {
            // Not left running behind a failed step (the clean-up drops its table); its own failure is secondary then.
            if (personAccounts is not null) await personAccounts.EndQuietlyAsync();
            await CleanUpAsync(session, cluster, store, runId, database, published, recorded || fenced);
        }
    }

    /// <summary>
    /// The statements' variables: the tenant's database and the run, and the web touches at_touches adds
    /// to the Salesforce touches: bfw_{tenant}.web_touches when the tenant counts them (web_touches = on)
    /// and the web step has published them; otherwise none (cn_touches, with count_web_touches = 0).
    /// </summary>
    static async Task<IReadOnlyDictionary<string, string>> VariablesAsync(Hs2Session session, MySqlConnection mysql,
        ClusterAttribution cluster, long runId, CancellationToken ct)
    {
        var counted = mysql.ExecuteScalar<int>("SELECT web_touches FROM cfg_tenant_settings WHERE id = 1") == 1
                      && WebBuildInfo.Read(mysql) is not null
                      && await new ClusterWebActivity(cluster.Tenant).IsPublishedAsync(session, ct);
        if (counted) Log.Info("offload: counting the web touches of {database}", cluster.Database);
        return new Dictionary<string, string>(cluster.Variables(runId))
        {
            ["web_touches"] = counted ? cluster.Qualified("web_touches") : "cn_touches",
            ["count_web_touches"] = counted ? "1" : "0",
        };
    }

    static long Count(object? value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    async Task CheckInvariantAsync(Hs2Session session, ClusterAttribution cluster, long runId, CancellationToken ct)
    {
        var relations = new Dictionary<string, string>
        {
            ["paths"] = cluster.Qualified(ClusterAttribution.RunTable("at_paths", runId)),
            ["position_weights"] = cluster.Qualified(ClusterAttribution.RunTable("at_position_weights", runId)),
            ["models"] = "cfg_models",
        };
        var result = await session.QueryAsync(shared.Statement(EngineScripts.InvariantCheck, relations), null, ct);
        if (result.Rows.Count > 0) throw AttributionInvariantException.Broken(result.Rows[0], shared);
    }

    async Task CleanUpAsync(Hs2Session? session, ClusterAttribution cluster, IStagingStore store, long runId, string database, bool published, bool recorded)
    {
        // Clean-up never hides the step's own outcome: a failure here is logged, and the next
        // run of the tenant drops whatever run tables it finds that the views do not point at.
        if (session is not null && !published)
        {
            try { await cluster.DropRunAsync(session, runId); }
            catch (Exception e) { Log.Warn("offload: could not drop the run's tables in {database}: {error}", cluster.Database, e.Message); }
        }
        await OffloadStaging.EndRunAsync(session, store, cluster, database);
        if (recorded) return;
        try
        {
            // A connection of its own: the step's connection may be the very thing that failed.
            await using var fresh = await DbConnections.TenantAsync(tenantConnectionString);
            await using var drop = new MySqlCommand("DROP TABLE IF EXISTS at_person_accounts_next", fresh);
            await drop.ExecuteNonQueryAsync();
        }
        catch (Exception e) { Log.Warn("offload: could not drop the shadow tables: {error}", Secrets.MaskPasswords(e.Message)); }
    }
}

/// <summary>Shares of an (opportunity, stage, model) do not sum to 1: a permanent failure, nothing is published.</summary>
