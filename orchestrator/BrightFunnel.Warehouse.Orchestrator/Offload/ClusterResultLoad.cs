using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Migrations;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator.Offload;

/// <summary>
/// Loads an Impala query's result into an empty MySQL table that nothing reads yet (a work table,
/// a comparison snapshot): columnar batches are written as LOAD DATA text into in-memory chunks,
/// and each full chunk goes to a <see cref="ChunkedShadowLoad"/> (two connections of its own,
/// keys built at the end) while the next one is being fetched. Result columns go to the table's
/// columns of the same name, so the SQL's aliases are the contract.
/// </summary>
public sealed class ClusterResultLoad(Hs2Session impala, MySqlConnection mysql, int fetchSize)
{
    /// <summary>MySql.Data reads a LOAD DATA LOCAL stream by seeking, so a chunk is a finished MemoryStream rather than a pipe.</summary>
    public int ChunkBytes { get; init; } = 32 << 20;

    /// <summary>Runs <paramref name="select"/> on Impala and loads every row into <paramref name="table"/>; returns the rows loaded.</summary>
    /// <param name="conversions">Result columns loaded through a SET expression instead, e.g. <c>["touch_day"] = "`touch_date` = FROM_DAYS(@touch_day)"</c>.</param>
    public async Task<long> LoadAsync(string select, string table, CancellationToken ct,
        IReadOnlyDictionary<string, string>? conversions = null)
    {
        await using var operation = await impala.ExecuteAsync(select, null, ct);
        var columns = operation.Schema.Columns
            .Select(c => conversions?.ContainsKey(c.Name) == true ? "@" + c.Name : MySqlIdentifier.Quote(c.Name)).ToList();
        using var load = new ChunkedShadowLoad(mysql, table, table, columns, conversions?.Values.ToList() ?? []);
        long fetched = 0;
        try
        {
            var current = new MemoryStream();
            var writer = new LoadDataTextWriter(current);
            await foreach (var batch in operation.FetchBatchesAsync(fetchSize, ct))
            {
                await writer.WriteAsync(batch, ct);
                fetched += batch.RowCount;
                if (current.Length < ChunkBytes) continue;
                await writer.FlushAsync(ct);
                load.Add(current);
                current = new MemoryStream();
                writer = new LoadDataTextWriter(current);
            }
            await writer.FlushAsync(ct);
            if (current.Length > 0) load.Add(current);
            await operation.CloseAsync(ct);
        }
        catch
        {
            load.Abort();
            throw;
        }
        var rows = load.Finish();
        if (rows != fetched)
            throw new InvalidDataException($"load into {MySqlIdentifier.Quote(table)}: fetched {fetched} rows from Impala but MySQL loaded {rows}");
        return rows;
    }
}
