using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Migrations;
using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator.Offload;

/// <summary>
/// Copies a query's result from Impala into a MySQL table: columnar batches are written as LOAD
/// DATA text into in-memory chunks, and each full chunk is loaded with LOAD DATA LOCAL from its
/// stream while the next one is being fetched, so the fetch and the load overlap and memory stays
/// at a few chunks whatever the result's size.
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
        // One transaction into an empty table with unique and foreign key checks off: InnoDB's bulk
        // insert (MariaDB 10.6+) then sorts the rows and builds every index once, instead of
        // inserting row by row into each B-tree. A failure rolls the whole table back to empty.
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
        var chunks = Channel.CreateBounded<MemoryStream>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var load = Task.Run(async () =>
        {
            long loaded = 0;
            try
            {
                await foreach (var chunk in chunks.Reader.ReadAllAsync(failed.Token))
                    using (chunk)
                    {
                        chunk.Position = 0;
                        loaded += await BulkLoad.FromStreamAsync(mysql, quotedTable, quotedColumns, chunk, expressions, failed.Token);
                    }
                return loaded;
            }
            catch
            {
                failed.Cancel(); // stop the fetch: nothing more can land
                throw;
            }
        }, CancellationToken.None);

        long fetched = 0;
        try
        {
            await using var operation = await impala.ExecuteAsync(select, null, failed.Token);
            var current = new MemoryStream();
            var writer = new LoadDataTextWriter(current);
            await foreach (var batch in operation.FetchBatchesAsync(fetchSize, failed.Token))
            {
                await writer.WriteAsync(batch, failed.Token);
                fetched += batch.RowCount;
                if (current.Length < ChunkBytes) continue;
                await writer.FlushAsync(failed.Token);
                await chunks.Writer.WriteAsync(current, failed.Token);
                current = new MemoryStream();
                writer = new LoadDataTextWriter(current);
            }
            await writer.FlushAsync(failed.Token);
            if (current.Length > 0) await chunks.Writer.WriteAsync(current, failed.Token);
            await operation.CloseAsync(failed.Token);
            chunks.Writer.Complete();
        }
        catch (Exception e)
        {
            chunks.Writer.TryComplete(e);
            // Wait for the loader to stop before the caller touches the connection again.
            Exception? loadError = null;
            try { await load; }
            catch (Exception l) { loadError = l; }
            // A failed load cancels the fetch: then the load's failure is the cause.
            if (loadError is not null && e is OperationCanceledException && !ct.IsCancellationRequested)
                ExceptionDispatchInfo.Throw(loadError);
            throw;
        }
        var rows = await load;
        if (rows != fetched)
            throw new InvalidDataException($"copy into {quotedTable}: fetched {fetched} rows from Impala but MySQL loaded {rows}");
        return rows;
    }
}
