using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Orchestrator.Events;
using BrightFunnel.Warehouse.Migrations;
using BrightFunnel.Warehouse.Orchestrator.Scheduling;
using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator;

/// <summary>What <see cref="TenantRemoval.Remove"/> did.</summary>
public sealed record TenantRemovalReport(string Tenant, string Pod, bool DatabaseDropped, int WebRowsDeleted, int RunsCancelled, int RunsPurged);

/// <summary>
/// Takes a tenant out of the warehouse: its Quartz job and triggers, its filters and configuration
/// versions, its row in <c>tenants</c>; queued runs are cancelled. The run history stays (it is the
/// record of what ran) unless purged. With the database dropped, its published analytics in the web
/// tier go too, as they are derived from it. Refused while one of its runs is running.
/// </summary>
public sealed class TenantRemoval(WarehouseSettings settings)
{
    // Every table publish writes (PublishStep.Tables: analytics, web activity, ABM, models), and its web
    // logins, sessions and API tokens with them: they would open an empty dashboard.
    static readonly string[] WebTables = [.. PublishStep.Tables.Select(t => t.Target),
        "web_publications", "web_fences", "web_users", "web_tokens", "web_sessions"];

    public async Task<TenantRemovalReport> Remove(TenantId tenant, bool dropDatabase, bool purgeHistory, CancellationToken cancel = default)
    {
        var directory = new TenantDirectory(settings);
        var stored = directory.GetTenant(tenant);
        RefuseWhileRunning(tenant);

        // The database first: while its pod is unreachable nothing else is touched, and the tenant
        // can be removed again once it is back.
        var webRows = 0;
        if (dropDatabase)
        {
            using (var pod = new MySqlConnection(ConnectionStrings.ServerOf(directory.GetPod(stored.PodName).ConnectionString)))
                await pod.ExecuteAsync($"DROP DATABASE IF EXISTS {MySqlIdentifier.Quote(tenant.DatabaseName)}");
            using var web = new MySqlConnection(settings.Web.ConnectionString);
            foreach (var table in WebTables)
                webRows += await web.ExecuteAsync($"DELETE FROM {MySqlIdentifier.Quote(table)} WHERE tenant_id = @id", new { id = tenant.Value });
        }

        // Its event lake goes with its data: the table, the Parquet files, then (below) the manifest.
        // Only a tenant that shipped events needs the cluster to be reachable for its removal.
        var lake = dropDatabase && await new SegmentManifest(settings.Control.ConnectionString).AnyAsync(tenant, cancel);
        if (lake)
            await using (var session = await Hs2Session.OpenAsync(settings.Impala.ClientOptions(), cancel))
                await new EventLake(tenant, settings.Impala.StagingStore()).DropAsync(session, cancel);

        await using (var client = await WarehouseScheduler.Client(settings))
            await client.Scheduler.DeleteJob(CycleKeys.Job(tenant), cancel); // and every trigger of it: the cron and queued console runs

        using var c = await DbConnections.ControlAsync(settings.Control.ConnectionString, cancel);
        using var tx = await c.BeginTransactionAsync(cancel);
        var id = new { id = tenant.Value };
        await c.ExecuteAsync("SELECT tenant_id FROM tenants WHERE tenant_id = @id FOR UPDATE", id, tx);
        var cancelled = await RunStore.CancelQueuedAsync(c, tx, tenant, "tenant removed");
        var purged = purgeHistory ? await RunStore.PurgeAsync(c, tx, tenant) : 0;
        if (lake) await SegmentManifest.RemoveAsync(c, tx, tenant);
        await c.ExecuteAsync("DELETE FROM filters WHERE tenant_id = @id", id, tx);
        await c.ExecuteAsync("DELETE FROM tenant_config WHERE tenant_id = @id", id, tx);
        await c.ExecuteAsync("DELETE FROM tenants WHERE tenant_id = @id", id, tx);
        await tx.CommitAsync(cancel);
        return new TenantRemovalReport(tenant.Value, stored.PodName, dropDatabase, webRows, cancelled, purged);
    }

    void RefuseWhileRunning(TenantId tenant)
    {
        var running = new RunStore(settings.Control.ConnectionString, settings.Scheduler).RunningRuns(tenant);
        if (running.Count > 0)
            throw new BadInputException($"tenant {tenant} has run {running[0]} running: wait for it to end or `bfw cancel {running[0]}` first");
    }
}
