using BrightFunnel.Warehouse.Orchestrator.Engines;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator.Engines.MySql;

/// <summary>Engine mysql's pairs: the tenant database's <c>at_paths</c>, <c>at_unattributed</c> and <c>at_position_weights</c>.</summary>
public sealed class MySqlPairs(string tenantConnectionString)
{
    public async Task<IReadOnlyList<AttributionPair>> ReadAsync(string? opportunityId, string? stage, CancellationToken ct)
    {
        await using var c = await DbConnections.TenantAsync(tenantConnectionString, ct);
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

    public async Task<IReadOnlyList<UnattributedRow>> UnattributedAsync(string? opportunityId, CancellationToken ct)
    {
        var rows = new List<UnattributedRow>();
        await using var c = await DbConnections.TenantAsync(tenantConnectionString, ct);
        await using var command = new MySqlCommand(
            "SELECT opportunity_id, stage, amount FROM at_unattributed WHERE @opportunity IS NULL OR opportunity_id = @opportunity ORDER BY opportunity_id, stage",
            c) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("@opportunity", opportunityId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) rows.Add(new UnattributedRow(reader.GetString(0), reader.GetString(1), reader.GetDecimal(2)));
        return rows;
    }
}
