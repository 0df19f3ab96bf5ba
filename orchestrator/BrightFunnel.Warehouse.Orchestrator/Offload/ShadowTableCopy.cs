using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Migrations;
using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator.Offload;

/// <summary>
/// Copies a query's result from Impala into a MySQL table: columnar batches are written as LOAD
/// DATA text into in-memory chunks, and each full chunk is loaded with LOAD DATA LOCAL from its
/// stream by a <see cref="BackgroundLoader{TChunk}"/> while the next one is being fetched, so the
/// fetch and the load overlap and memory stays at a few chunks whatever the result's size.
/// </summary>
public sealed class ShadowTableCopy(Hs2Session impala, MySqlConnection mysql, int fetchSize)
{
    /// <summary>MySql.Data reads a LOAD DATA LOCAL stream by seeking, so a chunk is a finished MemoryStream rather than a pipe.</summary>
    public int ChunkBytes { get; init; } = 32 << 20;

    /// <summary>
    /// Creates <c>{table}_next</c> like <paramref name="table"/>, runs <paramref name="select"/> on
    /// Impala and loads every row into it; returns the rows copied.
    /// </summary>
    /// <param name="columns">Target columns (or <c>@variables</c>) in the order of the select's columns.</param>
    /// <param name="expressions">SET clauses, e.g. turning a day number back into a DATE.</param>
    public async Task<long> CopyAsync(string select, string table, IReadOnlyList<string> columns, IReadOnlyList<string> expressions,
        CancellationToken ct)
    {
        var quotedTable = MySqlIdentifier.Quote(table + "_next");
        var quotedColumns = columns.Select(c => c.StartsWith('@') ? c : MySqlIdentifier.Quote(c)).ToList();
        await mysql.ExecuteAsync($"DROP TABLE IF EXISTS {quotedTable}; CREATE TABLE {quotedTable} LIKE {MySqlIdentifier.Quote(table)}");
        // One transaction, so a failure rolls the table back to empty; the rows come from a query
        // whose keys are unique already, so the per-row unique checks are skipped.
        await mysql.ExecuteAsync("SET SESSION unique_checks = 0, foreign_key_checks = 0; START TRANSACTION");
        try
        {
            var rows = await LoadAsync(select, quotedTable, quotedColumns, expressions, ct);
            await mysql.ExecuteAsync("COMMIT");
            return rows;
        }
        catch
        {
            // The connection may be the thing that failed; the caller drops the shadow table either way.
            try { await mysql.ExecuteAsync("ROLLBACK"); } catch (Exception) { }
            throw;
        }
        finally
        {
            try { await mysql.ExecuteAsync("SET SESSION unique_checks = 1, foreign_key_checks = 1"); } catch (Exception) { }
        }
    }

    async Task<long> LoadAsync(string select, string quotedTable, IReadOnlyList<string> quotedColumns, IReadOnlyList<string> expressions,
        CancellationToken ct)
    {
        var set = expressions.ToArray();
        using var loader = new BackgroundLoader<MemoryStream>(chunk => chunk.Dispose(), chunk =>
        {
            chunk.Position = 0;
            return BulkLoad.FromStream(mysql, quotedTable, quotedColumns, chunk, set);
        });
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
            // Wait for the chunk in flight: the caller rolls back on this connection next.
            loader.Abort();
            throw;
        }
        var rows = loader.Finish();
        if (rows != fetched)
            throw new InvalidDataException($"copy into {quotedTable}: fetched {fetched} rows from Impala but MySQL loaded {rows}");
        return rows;
    }
}
