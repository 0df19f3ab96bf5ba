using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Migrations;
using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator.Offload;

/// <summary>
/// Copies a query's result from Impala into a MySQL shadow table: columnar batches are written as
/// LOAD DATA text into in-memory chunks, and full chunks are loaded with LOAD DATA LOCAL from their
/// streams by a <see cref="BackgroundLoader{TChunk}"/> on two connections of their own while the
/// next chunk is being fetched. The fetch and the loads overlap, the server's share (the larger
/// one) spreads over both cores, memory stays at a few chunks whatever the result's size, and the
/// table's secondary keys are built once at the end (<see cref="DeferredKeys"/>).
/// </summary>
public sealed class ShadowTableCopy(Hs2Session impala, MySqlConnection mysql, int fetchSize)
{
    const int Workers = 2;

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
        var quotedColumns = columns.Select(c => c.StartsWith('@') ? c : MySqlIdentifier.Quote(c)).ToList();
        await mysql.ExecuteAsync($"DROP TABLE IF EXISTS {MySqlIdentifier.Quote(shadow)}; CREATE TABLE {MySqlIdentifier.Quote(shadow)} LIKE {MySqlIdentifier.Quote(table)}");
        var keys = DeferredKeys.Drop(mysql, shadow, table);
        var rows = await LoadAsync(select, MySqlIdentifier.Quote(shadow), quotedColumns, expressions, ct);
        keys.Build();
        return rows;
    }

    async Task<long> LoadAsync(string select, string quotedTable, IReadOnlyList<string> quotedColumns, IReadOnlyList<string> expressions,
        CancellationToken ct)
    {
        var set = expressions.ToArray();
        // The rows come from a query whose keys are unique already: skip the per-row checks.
        using var connections = new LoadConnections(mysql, Workers, "SET SESSION unique_checks = 0, foreign_key_checks = 0");
        var loads = connections.All.Select(connection => new Func<MemoryStream, long>(chunk =>
        {
            chunk.Position = 0;
            return BulkLoad.FromStream(connection, quotedTable, quotedColumns, chunk, set);
        })).ToArray();
        using var loader = new BackgroundLoader<MemoryStream>(chunk => chunk.Dispose(), loads);
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
                loader.Add(current); // waits while two chunks are queued; rethrows a failed load
                current = new MemoryStream();
                writer = new LoadDataTextWriter(current);
            }
            await writer.FlushAsync(ct);
            if (current.Length > 0) loader.Add(current);
            await operation.CloseAsync(ct);
        }
        catch
        {
            // Wait for the chunks in flight, so nothing writes to the table the caller drops next.
            loader.Abort();
            throw;
        }
        var rows = loader.Finish();
        if (rows != fetched)
            throw new InvalidDataException($"copy into {quotedTable}: fetched {fetched} rows from Impala but MySQL loaded {rows}");
        return rows;
    }
}
