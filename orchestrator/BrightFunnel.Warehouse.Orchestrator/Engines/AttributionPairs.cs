using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator.Engines;

/// <summary>
/// Reads a tenant's pairs from wherever its attribution in force lives: asks the engine that built it
/// (<see cref="AttributionBuildInfo"/>, <see cref="AttributionEngines.InForce"/>), which knows where
/// it keeps them.
/// </summary>
public sealed class AttributionPairs(string tenantConnectionString, ImpalaSettings impala)
{
    AttributionBuildInfo? info;
    bool infoRead;

    /// <summary>The attribution in force, or null when the tenant has none yet (read once per instance).</summary>
    public AttributionBuildInfo? Info()
    {
        if (infoRead) return info;
        using var c = DbConnections.Tenant(tenantConnectionString);
        (info, infoRead) = (AttributionBuildInfo.Read(c), true);
        return info;
    }

    /// <summary>The engine holding the tenant's attribution in force.</summary>
    public IAttributionEngine Engine(TenantId tenant) =>
        AttributionEngines.ForReading(impala, tenant, tenantConnectionString).InForce(
            Info() ?? throw new BadInputException($"tenant {tenant} has no attribution yet: run the cycle (bfw run {tenant}) first"));

    /// <summary>The pairs of one opportunity (or all when null), optionally of one stage, ordered by stage and position.</summary>
    public Task<IReadOnlyList<AttributionPair>> ReadAsync(TenantId tenant, string? opportunityId = null, string? stage = null, CancellationToken ct = default)
    {
        opportunityId = LookupForm(opportunityId);
        if (stage is not null && stage is not ("pipeline" or "revenue"))
            throw new BadInputException($"stage must be pipeline or revenue, got '{stage}'");
        return Engine(tenant).ReadPairsAsync(opportunityId, stage, ct);
    }

    /// <summary>The unattributed (opportunity, stage, amount) rows of one opportunity (or all when null).</summary>
    public Task<IReadOnlyList<UnattributedRow>> UnattributedAsync(TenantId tenant, string? opportunityId = null, CancellationToken ct = default) =>
        Engine(tenant).ReadUnattributedAsync(LookupForm(opportunityId), ct);

    static string? LookupForm(string? opportunityId) =>
        opportunityId is null ? null
        : SalesforceId.TryLookupForm(opportunityId, out var id) ? id
        : throw new BadInputException($"'{opportunityId}' is not a Salesforce id (15 or 18 letters and digits)");
}
