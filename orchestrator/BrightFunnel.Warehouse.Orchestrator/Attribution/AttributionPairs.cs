using System.Globalization;
using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Impala.Staging;
using BrightFunnel.Warehouse.Impala.Types;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Offload;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator.Attribution;

/// <summary>One counted (opportunity, stage, touch) pair with the milestones it holds and every model's share (null: none).</summary>
public sealed record AttributionPair(string OpportunityId, string Stage, string TouchId, string CampaignId, string PersonId,
    DateOnly TouchDate, int Position, int TouchCount, decimal Amount, int? Milestones, IReadOnlyDictionary<string, double?> Shares)
{
    public const int FirstTouch = 1, LeadCreation = 2, OpportunityCreation = 4, ClosedWon = 8;

    /// <summary>The milestone roles the pair holds, by name; null when its attribution predates the record of them.</summary>
    public IReadOnlyList<string>? MilestoneRoles => Milestones is not { } m ? null :
        new (int Bit, string Name)[] { (FirstTouch, "first touch"), (LeadCreation, "lead creation"), (OpportunityCreation, "opportunity creation"), (ClosedWon, "closed won") }
            .Where(r => (m & r.Bit) != 0).Select(r => r.Name).ToList();
}

/// <summary>
/// Reads a tenant's pairs from wherever its attribution lives (<see cref="AttributionBuildInfo"/>):
/// the tenant database's <c>at_paths</c>, or the cluster's <c>bfw_{tenant}.at_paths</c> view
/// through HS2. Both sides hold the same columns, dates as MySQL day numbers on the cluster.
/// </summary>
public sealed class AttributionPairs(string tenantConnectionString, ImpalaSettings impala)
{
    static readonly string Columns = string.Join(", ",
        ["opportunity_id", "stage", "touch_id", "campaign_id", "person_id", "touch_day", "position", "touch_count", "amount", "milestones",
         .. TenantConfig.AllModels.Select(m => "share_" + m)]);

    AttributionBuildInfo? info;
    bool infoRead;

    /// <summary>The attribution in force, or null when the tenant has none yet (read once per instance).</summary>
    public AttributionBuildInfo? Info()
    {
        if (infoRead) return info;
        using var c = new MySqlConnection(tenantConnectionString);
        c.Open();
        (info, infoRead) = (AttributionBuildInfo.Read(c), true);
        return info;
    }

    /// <summary>The pairs of one opportunity (or all when null), optionally of one stage, ordered by stage and position.</summary>
    public async Task<IReadOnlyList<AttributionPair>> ReadAsync(TenantId tenant, string? opportunityId = null, string? stage = null, CancellationToken ct = default)
    {
        opportunityId = LookupForm(opportunityId);
        if (stage is not null && stage is not ("pipeline" or "revenue"))
            throw new BadInputException($"stage must be pipeline or revenue, got '{stage}'");
        return InForce(tenant).OnCluster ? await ReadClusterAsync(tenant, opportunityId, stage, ct) : await ReadMySqlAsync(opportunityId, stage, ct);
    }

    /// <summary>The unattributed (opportunity, stage, amount) rows of one opportunity (or all when null), from wherever the attribution lives.</summary>
    public async Task<IReadOnlyList<(string OpportunityId, string Stage, decimal Amount)>> UnattributedAsync(TenantId tenant,
        string? opportunityId = null, CancellationToken ct = default)
    {
        opportunityId = LookupForm(opportunityId);
        var rows = new List<(string, string, decimal)>();
        if (!InForce(tenant).OnCluster)
        {
            await using var c = new MySqlConnection(tenantConnectionString);
            await c.OpenAsync(ct);
            await using var command = new MySqlCommand(
                "SELECT opportunity_id, stage, amount FROM at_unattributed WHERE @opportunity IS NULL OR opportunity_id = @opportunity ORDER BY opportunity_id, stage",
                c) { CommandTimeout = 0 };
            command.Parameters.AddWithValue("@opportunity", opportunityId);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) rows.Add((reader.GetString(0), reader.GetString(1), reader.GetDecimal(2)));
            return rows;
        }
        var cluster = new ClusterAttribution(tenant);
        await using var session = await cluster.OpenAttributionAsync(impala, ct);
        await using var operation = await session.ExecuteAsync(
            $"SELECT opportunity_id, stage, amount FROM {cluster.Qualified("at_unattributed")}{Where(opportunityId, null)} ORDER BY opportunity_id, stage", null, ct);
        await foreach (var batch in operation.FetchBatchesAsync(null, ct))
            for (var r = 0; r < batch.RowCount; r++)
                rows.Add((batch[0].GetString(r), batch[1].GetString(r), decimal.Parse(batch[2].GetString(r), CultureInfo.InvariantCulture)));
        return rows;
    }

    AttributionBuildInfo InForce(TenantId tenant) =>
        Info() ?? throw new BadInputException($"tenant {tenant} has no attribution yet: run the cycle (bfw run {tenant}) first");

    static string? LookupForm(string? opportunityId) =>
        opportunityId is null ? null
        : SalesforceId.TryLookupForm(opportunityId, out var id) ? id
        : throw new BadInputException($"'{opportunityId}' is not a Salesforce id (15 or 18 letters and digits)");

    /// <summary>
    /// The cluster's WHERE clause. HS2 has no bind parameters: the values were checked before (a
    /// Salesforce id, a stage) and travel as quoted literals.
    /// </summary>
    static string Where(string? opportunityId, string? stage)
    {
        var where = new List<string>();
        if (opportunityId is not null) where.Add($"opportunity_id = {ImpalaDdl.Literal(opportunityId)}");
        if (stage is not null) where.Add($"stage = {ImpalaDdl.Literal(stage)}");
        return where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "";
    }

    async Task<IReadOnlyList<AttributionPair>> ReadMySqlAsync(string? opportunityId, string? stage, CancellationToken ct)
    {
        await using var c = new MySqlConnection(tenantConnectionString);
        await c.OpenAsync(ct);
        await using var command = new MySqlCommand(
            $"""
            SELECT {Columns.Replace("touch_day", "TO_DAYS(touch_date) AS touch_day")} FROM at_paths
            WHERE (@opportunity IS NULL OR opportunity_id = @opportunity) AND (@stage IS NULL OR stage = @stage)
            ORDER BY opportunity_id, stage, position
            """, c) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("@opportunity", opportunityId);
        command.Parameters.AddWithValue("@stage", stage);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var pairs = new List<AttributionPair>();
        while (await reader.ReadAsync(ct))
            pairs.Add(Pair(i => reader.IsDBNull(i) ? null : reader.GetValue(i)));
        return pairs;
    }

    async Task<IReadOnlyList<AttributionPair>> ReadClusterAsync(TenantId tenant, string? opportunityId, string? stage, CancellationToken ct)
    {
        var cluster = new ClusterAttribution(tenant);
        await using var session = await cluster.OpenAttributionAsync(impala, ct);
        var sql = $"SELECT {Columns} FROM {cluster.Qualified("at_paths")}{Where(opportunityId, stage)} ORDER BY opportunity_id, stage, position";
        await using var operation = await session.ExecuteAsync(sql, null, ct);
        var pairs = new List<AttributionPair>();
        await foreach (var batch in operation.FetchBatchesAsync(null, ct))
            for (var r = 0; r < batch.RowCount; r++)
            {
                var row = r;
                pairs.Add(Pair(i => Value(batch[i], row)));
            }
        return pairs;
    }

    /// <summary>A cell as the MySQL reader would give it: DECIMAL travels as a string and parses as one.</summary>
    static object? Value(Hs2Column column, int row) => column.IsNull(row) ? null : column.Kind switch
    {
        Hs2WireKind.String => column.GetString(row),
        Hs2WireKind.Double => column.GetDouble(row),
        _ => column.GetInt64(row),
    };

    static AttributionPair Pair(Func<int, object?> value)
    {
        var shares = new Dictionary<string, double?>();
        for (var m = 0; m < TenantConfig.AllModels.Length; m++)
            shares[TenantConfig.AllModels[m]] = value(10 + m) is { } share ? Convert.ToDouble(share, CultureInfo.InvariantCulture) : null;
        return new AttributionPair((string)value(0)!, (string)value(1)!, (string)value(2)!, (string)value(3)!, (string)value(4)!,
            DateOnly.FromDayNumber(Convert.ToInt32(value(5), CultureInfo.InvariantCulture) - MySqlDayNumberOfYearOne),
            Convert.ToInt32(value(6), CultureInfo.InvariantCulture), Convert.ToInt32(value(7), CultureInfo.InvariantCulture),
            Convert.ToDecimal(value(8), CultureInfo.InvariantCulture),
            value(9) is { } ms ? Convert.ToInt32(ms, CultureInfo.InvariantCulture) : null, shares);
    }

    /// <summary>MySQL's TO_DAYS('0001-01-01'); DateOnly counts days from that date.</summary>
    const int MySqlDayNumberOfYearOne = 366;
}
