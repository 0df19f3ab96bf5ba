using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Migrations;
using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator.Offload;

/// <summary>
/// Copies a query's result from Impala into a MySQL shadow table: columnar batches are written as
/// LOAD DATA text into in-memory chunks, and each full chunk goes to a <see cref="ChunkedShadowLoad"/>
/// (two connections of its own, keys built at the end) while the next one is being fetched. The
/// fetch and the loads overlap, the server's share (the larger one) spreads over both cores, and
/// memory stays at a few chunks whatever the result's size.
/// </summary>
public sealed class ShadowTableCopy(Hs2Session impala, MySqlConnection mysql, int fetchSize)
{
    /// <summary>MySql.Data reads a LOAD DATA LOCAL stream by seeking, so a chunk is a finished MemoryStream rather than a pipe.</summary>
    public int ChunkBytes { get; init; } = 32 << 20;

    /// <summary>
    /// Creates <c>{table}_next</c> like <paramref name="table"/>, runs <paramref name="select"/> on
    /// Impala and loads every row into it; returns the rows copied. Nothing reads the shadow table
    /// until it is swapped in, so a failure leaves it part-filled for the caller to drop.
    /// </summary>
    /// <param name="columns">Target columns (or <c>@variables</c>) in the order of the select's columns.</param>
    /// <param name="expressions">SET clauses, e.g. turning a day number back into a DATE.</param>
    public async Task<long> CopyAsync(string select, string table, IReadOnlyList<string> columns, IReadOnlyList<string> expressions,
        CancellationToken ct)
    {
        var shadow = table + "_next";
        await mysql.ExecuteAsync($"DROP TABLE IF EXISTS {MySqlIdentifier.Quote(shadow)}; CREATE TABLE {MySqlIdentifier.Quote(shadow)} LIKE {MySqlIdentifier.Quote(table)}");
        using var load = new ChunkedShadowLoad(mysql, shadow, table,
            columns.Select(c => c.StartsWith('@') ? c : MySqlIdentifier.Quote(c)).ToList(), expressions);
        long fetched = 0;
        try
        {
            await using var operation = await impala.ExecuteAsync(select, null, ct);
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
            throw new InvalidDataException($"copy into {MySqlIdentifier.Quote(shadow)}: fetched {fetched} rows from Impala but MySQL loaded {rows}");
        return rows;
    }
}
