using BrightFunnel.Warehouse.Migrations;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator.Offload;

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
        using var c = new MySqlConnection(tenantConnectionString);
        c.Open();
        return ModelTemplate.Read(c);
    });

    public AttributionBuilt Attribute(CancellationToken cancel = default)
    {
        var report = Offload(cancel);
        return new AttributionBuilt(report.CreditRows, report.ToString());
    }

    /// <summary>The attribution offload, with what each of its phases took.</summary>
    public OffloadReport Offload(CancellationToken cancel = default) =>
        new ImpalaAttributionOffload(tenantConnectionString, impala, OffloadScripts.Attribute(sqlRoot, models.Value))
            .RunAsync(tenant, runId, cancel).GetAwaiter().GetResult();

    public IAnalyticsWorkBuilder AnalyticsWork() => new ImpalaAnalyticsWork(tenant, runId, impala, OffloadScripts.Aggregate(sqlRoot, models.Value));
}
