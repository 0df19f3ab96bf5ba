using System.Globalization;
using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Impala.Staging;
using BrightFunnel.Warehouse.Impala.Types;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Offload;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator.Attribution;

/// <summary>
/// One counted (opportunity, stage, touch) pair with the milestones it holds and the share of every
/// model of its attribution (null: none): the share columns' models, and the position models of
/// <c>at_position_weights</c>, whose share is the pair's slot weight × its part of the slot.
/// </summary>
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
    /// <summary>A model with a share column on at_paths: <c>share_{model}</c>.</summary>
    const string SharePrefix = "share_";

    /// <summary>The weights <c>at_position_weights</c> holds for one position model, by slot 1…6 (migration 0012).</summary>
    sealed record PositionWeights(string Model, double[] BySlot)
    {
        public const string Select =
            "SELECT model, only_weight, first_of_two_weight, last_of_two_weight, first_weight, middle_weight, last_weight FROM ";

        public double Share(int slot, double slotShare) => BySlot[slot - 1] * slotShare;

        public static PositionWeights Read(Func<int, object?> value) =>
            new((string)value(0)!, Enumerable.Range(1, 6).Select(i => Convert.ToDouble(value(i), CultureInfo.InvariantCulture)).ToArray());
    }

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
        var weights = new List<PositionWeights>();
        await using (var weightsCommand = new MySqlCommand(PositionWeights.Select + "at_position_weights", c))
        await using (var weightsReader = await weightsCommand.ExecuteReaderAsync(ct))
            while (await weightsReader.ReadAsync(ct))
                weights.Add(PositionWeights.Read(weightsReader.GetValue));
        await using var command = new MySqlCommand(
            """
            SELECT p.*, TO_DAYS(p.touch_date) AS touch_day FROM at_paths p
            WHERE (@opportunity IS NULL OR opportunity_id = @opportunity) AND (@stage IS NULL OR stage = @stage)
            ORDER BY opportunity_id, stage, position
            """, c) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("@opportunity", opportunityId);
        command.Parameters.AddWithValue("@stage", stage);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var columns = new PairColumns(Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList(), weights);
        var pairs = new List<AttributionPair>();
        while (await reader.ReadAsync(ct))
            pairs.Add(columns.Pair(i => reader.IsDBNull(i) ? null : reader.GetValue(i)));
        return pairs;
    }

    async Task<IReadOnlyList<AttributionPair>> ReadClusterAsync(TenantId tenant, string? opportunityId, string? stage, CancellationToken ct)
    {
        var cluster = new ClusterAttribution(tenant);
        await using var session = await cluster.OpenAttributionAsync(impala, ct);
        var weights = (await session.QueryAsync(PositionWeights.Select + cluster.Qualified("at_position_weights"), null, ct)).Rows
            .Select(r => PositionWeights.Read(i => r[i])).ToList();
        var sql = $"SELECT * FROM {cluster.Qualified("at_paths")}{Where(opportunityId, stage)} ORDER BY opportunity_id, stage, `position`";
        await using var operation = await session.ExecuteAsync(sql, null, ct);
        var columns = new PairColumns(operation.Schema.Columns.Select(c => c.Name).ToList(), weights);
        var pairs = new List<AttributionPair>();
        await foreach (var batch in operation.FetchBatchesAsync(null, ct))
            for (var r = 0; r < batch.RowCount; r++)
            {
                var row = r;
                pairs.Add(columns.Pair(i => Value(batch[i], row)));
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

    /// <summary>
    /// The columns of an at_paths read, found by name: both sides hold the same ones (dates as MySQL
    /// day numbers in <c>touch_day</c>), and every <c>share_{model}</c> column is that model's share.
    /// </summary>
    sealed class PairColumns
    {
        readonly IReadOnlyList<PositionWeights> weights;
        readonly int opportunity, stage, touch, campaign, person, touchDay, position, touchCount, amount, milestones, slot, slotShare;
        readonly (string Model, int Column)[] shareColumns;

        public PairColumns(IReadOnlyList<string> names, IReadOnlyList<PositionWeights> weights)
        {
            this.weights = weights;
            // A cluster may name result columns after their relation (at_paths.stage); the name is what follows the dot.
            var bare = names.Select(n => n[(n.LastIndexOf('.') + 1)..]).ToList();
            int At(string name) => bare.FindIndex(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) is var i and >= 0
                ? i : throw new InvalidOperationException($"at_paths has no column {name}");
            (opportunity, stage, touch, campaign, person, touchDay) =
                (At("opportunity_id"), At("stage"), At("touch_id"), At("campaign_id"), At("person_id"), At("touch_day"));
            (position, touchCount, amount, milestones, slot, slotShare) =
                (At("position"), At("touch_count"), At("amount"), At("milestones"), At("position_slot"), At("position_slot_share"));
            shareColumns = bare.Select((n, i) => (n, i)).Where(x => x.n.StartsWith(SharePrefix, StringComparison.OrdinalIgnoreCase))
                .Select(x => (x.n[SharePrefix.Length..].ToLowerInvariant(), x.i)).ToArray();
        }

        public AttributionPair Pair(Func<int, object?> value)
        {
            var (pairSlot, pairSlotShare) = (Convert.ToInt32(value(slot), CultureInfo.InvariantCulture),
                Convert.ToDouble(value(slotShare), CultureInfo.InvariantCulture));
            var shares = new Dictionary<string, double?>();
            foreach (var (model, column) in shareColumns)
                shares[model] = value(column) is { } share ? Convert.ToDouble(share, CultureInfo.InvariantCulture) : null;
            foreach (var w in weights)
                shares[w.Model] = w.Share(pairSlot, pairSlotShare);
            return new AttributionPair((string)value(opportunity)!, (string)value(stage)!, (string)value(touch)!,
                (string)value(campaign)!, (string)value(person)!,
                DateOnly.FromDayNumber(Convert.ToInt32(value(touchDay), CultureInfo.InvariantCulture) - MySqlDayNumberOfYearOne),
                Convert.ToInt32(value(position), CultureInfo.InvariantCulture), Convert.ToInt32(value(touchCount), CultureInfo.InvariantCulture),
                Convert.ToDecimal(value(amount), CultureInfo.InvariantCulture),
                value(milestones) is { } ms ? Convert.ToInt32(ms, CultureInfo.InvariantCulture) : null, shares);
        }
    }

    /// <summary>MySQL's TO_DAYS('0001-01-01'); DateOnly counts days from that date.</summary>
    const int MySqlDayNumberOfYearOne = 366;
}
