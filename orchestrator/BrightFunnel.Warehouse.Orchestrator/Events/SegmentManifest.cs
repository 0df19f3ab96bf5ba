using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator.Events;

/// <summary>
/// The control database's record of shipped segments (<c>event_segments</c>): what makes a ship
/// exactly-once. A segment is recorded only after its files are in the lake and registered, and
/// its spool file is removed only after it is recorded.
/// </summary>
public sealed class SegmentManifest(string controlConnectionString)
{
    /// <summary>The tenant's segments already recorded, among <paramref name="segments"/>.</summary>
    public async Task<HashSet<string>> ShippedAsync(TenantId tenant, IReadOnlyCollection<string> segments, CancellationToken ct)
    {
        if (segments.Count == 0) return [];
        using var c = await DbConnections.ControlAsync(controlConnectionString, ct);
        var rows = await c.QueryAsync<string>(new CommandDefinition(
            "SELECT segment FROM event_segments WHERE tenant_id = @tenant AND segment IN @segments",
            new { tenant = tenant.Value, segments }, cancellationToken: ct));
        return rows.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Records shipped segments in one transaction; one recorded meanwhile (a concurrent ship) is left as it is.</summary>
    public async Task RecordAsync(TenantId tenant, IReadOnlyList<SegmentShipment> shipped, CancellationToken ct)
    {
        if (shipped.Count == 0) return;
        using var c = await DbConnections.ControlAsync(controlConnectionString, ct);
        using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT IGNORE INTO event_segments (tenant_id, segment, events, torn_bytes, first_event_at, last_event_at) " +
            "VALUES (@Tenant, @Segment, @Events, @TornBytes, @FirstEventAt, @LastEventAt)",
            shipped.Select(s => new { Tenant = tenant.Value, s.Segment, s.Events, s.TornBytes, s.FirstEventAt, s.LastEventAt }), tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    /// <summary>What the lake holds for the tenant: events, segments and the last event's time.</summary>
    public async Task<(long Events, long Segments, DateTime? LastEventAt)> TotalsAsync(TenantId tenant, CancellationToken ct)
    {
        using var c = await DbConnections.ControlAsync(controlConnectionString, ct);
        var row = await c.QuerySingleAsync<(decimal? Events, long Segments, DateTime? Last)>(new CommandDefinition(
            "SELECT SUM(events), COUNT(*), MAX(last_event_at) FROM event_segments WHERE tenant_id = @tenant", new { tenant = tenant.Value }, cancellationToken: ct));
        return ((long)(row.Events ?? 0), row.Segments, row.Last is { } t ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : null);
    }

    /// <summary>Forgets the tenant's segments (its lake is gone); inside the caller's transaction.</summary>
    public static Task<int> RemoveAsync(MySqlConnection c, MySqlTransaction tx, TenantId tenant) =>
        c.ExecuteAsync("DELETE FROM event_segments WHERE tenant_id = @tenant", new { tenant = tenant.Value }, tx);

    public async Task<bool> AnyAsync(TenantId tenant, CancellationToken ct)
    {
        using var c = await DbConnections.ControlAsync(controlConnectionString, ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM event_segments WHERE tenant_id = @tenant", new { tenant = tenant.Value }, cancellationToken: ct)) > 0;
    }
}
