using System.Globalization;
using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Impala.Staging;
using BrightFunnel.Warehouse.Impala.Types;

namespace BrightFunnel.Warehouse.Orchestrator.Engines.Impala;

/// <summary>Engine impala's pairs: the views of the tenant's cluster database (<see cref="ClusterAttribution"/>), read through HS2.</summary>
public sealed class ClusterPairs(TenantId tenant, ImpalaSettings impala)
{
    public async Task<IReadOnlyList<AttributionPair>> ReadAsync(string? opportunityId, string? stage, CancellationToken ct)
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

    public async Task<IReadOnlyList<UnattributedRow>> UnattributedAsync(string? opportunityId, CancellationToken ct)
    {
        var rows = new List<UnattributedRow>();
        var cluster = new ClusterAttribution(tenant);
        await using var session = await cluster.OpenAttributionAsync(impala, ct);
        await using var operation = await session.ExecuteAsync(
            $"SELECT opportunity_id, stage, amount FROM {cluster.Qualified("at_unattributed")}{Where(opportunityId, null)} ORDER BY opportunity_id, stage", null, ct);
        await foreach (var batch in operation.FetchBatchesAsync(null, ct))
            for (var r = 0; r < batch.RowCount; r++)
                rows.Add(new UnattributedRow(batch[0].GetString(r), batch[1].GetString(r), decimal.Parse(batch[2].GetString(r), CultureInfo.InvariantCulture)));
        return rows;
    }

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

}
