using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Engines.MySql;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Engines;

/// <summary>
/// Chooses a run's <see cref="IAttributionEngine"/> by name: the only place outside the engines
/// that an engine name is matched. The attribute step uses the one the configuration (or the run's <c>--engine</c>)
/// names; the aggregate uses the one holding the attribution in force (<see cref="InForce"/>).
/// </summary>
public sealed class AttributionEngines(WarehouseSettings settings, TenantId tenant, long runId, string tenantConnectionString)
{
    public const string MySql = "mysql", Impala = "impala";

    /// <summary>Every engine name, as the configuration and <c>--engine</c> accept them.</summary>
    public static readonly IReadOnlyList<string> Names = [Impala, MySql];

    /// <summary>Refuses a name that is no engine, naming where it came from.</summary>
    public static string Check(string name, string source) =>
        Names.Contains(name) ? name : throw new BadInputException($"{source} must be {string.Join(" or ", Names)}, got '{name}'");

    /// <summary>The engines of a tenant outside a run (explain, gc): they read and sweep, and build nothing.</summary>
    public static AttributionEngines ForReading(ImpalaSettings impala, TenantId tenant, string tenantConnectionString) =>
        new(new WarehouseSettings { Impala = impala }, tenant, 0, tenantConnectionString);

    /// <summary>Every engine, each once (gc asks each what dead runs left).</summary>
    public IReadOnlyList<IAttributionEngine> All() => Names.Select(Named).ToList();

    public IAttributionEngine Named(string name) => name switch
    {
        MySql => new MySqlAttributionEngine(tenantConnectionString, runId, settings.SqlRoot),
        Impala => new ImpalaAttributionEngine(tenant, runId, tenantConnectionString, settings.Impala, settings.SqlRoot),
        _ => throw new BadInputException($"unknown engine '{name}' for tenant {tenant} (engines: {string.Join(", ", Names)})"),
    };

    /// <summary>
    /// The engine holding the attribution in force (<c>at_build_info</c>), not the one the
    /// configuration would build the next with: a tenant switched to another engine is aggregated
    /// from its current pairs until it is attributed again. No attribution yet reads as mysql.
    /// </summary>
    public IAttributionEngine InForce(AttributionBuildInfo? info) => Named(info?.Engine ?? MySql);
}
