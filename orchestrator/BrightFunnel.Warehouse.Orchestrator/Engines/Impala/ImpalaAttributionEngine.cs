using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Impala.Staging;
using BrightFunnel.Warehouse.Migrations;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Engines.Impala;

/// <summary>
/// Engine impala: <see cref="ImpalaAttributionOffload"/> builds the attribution on the cluster,
/// where the pairs stay, and records in <c>at_build_info</c> where they are;
/// <see cref="ImpalaAnalyticsWork"/> aggregates them there. Both name their cluster databases and
/// staging after <paramref name="runId"/>.
/// </summary>
public sealed class ImpalaAttributionEngine(TenantId tenant, long runId, string tenantConnectionString, ImpalaSettings impala, string sqlRoot)
    : IAttributionEngine
{
    public string Name => AttributionEngines.Impala;

    // The statements' model loops are written out from the tenant's models, read once per run.
    readonly Lazy<ModelTemplate> models = new(() =>
    {
        using var c = DbConnections.Tenant(tenantConnectionString);
        return ModelTemplate.Read(c);
    });

    public AttributionBuilt Attribute(CancellationToken cancel = default)
    {
        var report = Offload(cancel);
        return new AttributionBuilt(report.CreditRows, report.ToString());
    }

    /// <summary>The attribution offload, with what each of its phases took.</summary>
    public OffloadReport Offload(CancellationToken cancel = default) =>
        SyncBridge.Wait(new ImpalaAttributionOffload(tenantConnectionString, impala, EngineScripts.Attribute(sqlRoot, () => models.Value),
            EngineScripts.Shared(sqlRoot, () => models.Value))
            .RunAsync(tenant, runId, cancel));

    public WebActivityOffload? WebActivity() => new(tenantConnectionString, impala, EngineScripts.Web(sqlRoot));

    public IEngagementWork EngagementWork() => new ImpalaEngagementWork(tenant, tenantConnectionString, impala, EngineScripts.Engage(sqlRoot));

    public IAnalyticsWorkBuilder AnalyticsWork() => new ImpalaAnalyticsWork(tenant, runId, tenantConnectionString, impala, EngineScripts.Aggregate(sqlRoot, () => models.Value));

    public Task<IReadOnlyList<AttributionPair>> ReadPairsAsync(string? opportunityId, string? stage, CancellationToken ct = default) =>
        new ClusterPairs(tenant, impala).ReadAsync(opportunityId, stage, ct);

    public Task<IReadOnlyList<UnattributedRow>> ReadUnattributedAsync(string? opportunityId, CancellationToken ct = default) =>
        new ClusterPairs(tenant, impala).UnattributedAsync(opportunityId, ct);

    public string Describe(AttributionBuildInfo inForce) => $"the cluster ({inForce.ClusterDatabase}.at_paths, run {inForce.RunId})";

    /// <summary>
    /// The tenant's staged files, and on the cluster its run databases and unpublished run tables.
    /// The cluster is asked only when the tenant is on it (its engine, or its attribution in force),
    /// so a mysql tenant never needs an engine.
    /// </summary>
    public async Task<IReadOnlyList<Leftover>> SweepAsync(AttributionBuildInfo? inForce, bool configured, bool dryRun, CancellationToken ct = default)
    {
        var found = new List<Leftover>();
        var cluster = new ClusterAttribution(tenant);
        var staged = string.IsNullOrWhiteSpace(impala.WebHdfsUrl) ? Path.Combine(impala.Root, cluster.StagingFolder) : null;
        if (staged is not null && Directory.Exists(staged))
        {
            found.Add(new Leftover(tenant.Value, "staged files", staged, "delete folder"));
            if (!dryRun) Directory.Delete(staged, recursive: true);
        }
        var onCluster = inForce?.Engine == Name;
        if (!onCluster && !configured) return found;

        await using var session = await Hs2Session.OpenAsync(impala.ClientOptions(), ct);
        var databases = dryRun ? await cluster.RunDatabasesAsync(session, ct) : await cluster.DropRunDatabasesAsync(session, ct);
        found.AddRange(databases.Select(db => new Leftover(tenant.Value, "impala database", db, "DROP DATABASE CASCADE")));
        // The published run's tables are in use; without an attribution in force on the cluster we cannot tell which are.
        if (!onCluster) return found;
        long[] keep = inForce!.RunId is { } run ? [run] : [];
        var stale = dryRun ? await cluster.StaleRunTablesAsync(session, keep, ct) : await cluster.DropRunTablesAsync(session, keep, ct);
        found.AddRange(stale.Select(t => new Leftover(tenant.Value, "impala table", $"{cluster.Database}.{t}", "DROP TABLE")));
        return found;
    }
}
