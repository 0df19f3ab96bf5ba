using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Migrations;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Loading;

/// <summary>
/// The copy-back: loads an Impala query's result into an empty MySQL table that nothing reads yet
/// (a work table, a comparison snapshot). Columnar batches are written as LOAD DATA text
/// (<see cref="Hs2BatchTextWriter"/>) into in-memory chunks, and each full chunk is loaded by a
/// <see cref="ShadowTableLoad"/> (two connections of its own, keys built at the end) while the next
/// one is being fetched. Result columns go to the table's columns of the same name, so the SQL's
/// aliases are the contract; the table's compressed column (<see cref="CompressedText.ColumnOf"/>) is compressed on the way.
/// </summary>
/// <remarks>
/// Unique and foreign-key checks are off on the load connections because the rows come from a
/// result whose keys are unique already. With them off, MariaDB's first insert into an empty InnoDB
/// table takes the whole table for its statement, so only the first chunk loads alone; a chunk per
/// statement is what lets the others overlap.
/// </remarks>
public sealed class ClusterResultLoad(Hs2Session impala, MySqlConnection mysql, int fetchSize)
{
    /// <summary>MySql.Data reads a LOAD DATA LOCAL stream by seeking, so a chunk is a finished MemoryStream rather than a pipe.</summary>
    public int ChunkBytes { get; init; } = 32 << 20;

    /// <summary>Runs <paramref name="select"/> on Impala and loads every row into <paramref name="table"/>; returns the rows loaded.</summary>
    /// <param name="conversions">Result columns loaded through a SET expression instead, e.g. <c>["touch_day"] = "`touch_date` = FROM_DAYS(@touch_day)"</c>; a column the result does not have is ignored.</param>
    public async Task<long> LoadAsync(string select, string table, CancellationToken ct,
        IReadOnlyDictionary<string, string>? conversions = null)
    {
        await using var operation = await impala.ExecuteAsync(select, null, ct);
        var columns = operation.Schema.Columns
            .Select(c => conversions?.ContainsKey(c.Name) == true ? "@" + c.Name : MySqlIdentifier.Quote(c.Name)).ToList();
        // Only the conversions of columns this result has: one map serves every table of a step.
        var set = operation.Schema.Columns.Where(c => conversions?.ContainsKey(c.Name) == true).Select(c => conversions![c.Name]).ToArray();
        using var shadow = ShadowTableLoad.Into(mysql, table, "SET SESSION unique_checks = 0, foreign_key_checks = 0");
        using var loader = shadow.Loader<MemoryStream>((connection, quoted, chunk) =>
        {
            chunk.Position = 0;
            return BulkLoad.FromStream(connection, quoted, columns, chunk, set);
        }, chunk => chunk.Dispose());
        long fetched = 0;
        var compressed = CompressedText.ColumnOf(table);
        try
        {
            var current = new MemoryStream();
            var writer = new Hs2BatchTextWriter(current, compressed);
            await foreach (var batch in operation.FetchBatchesAsync(fetchSize, ct))
            {
                writer.Write(batch);
                fetched += batch.RowCount;
                if (current.Length < ChunkBytes) continue;
                writer.Flush();
                loader.Add(current);
                current = new MemoryStream();
                writer = new Hs2BatchTextWriter(current, compressed);
            }
            writer.Flush();
            if (current.Length > 0) loader.Add(current);
            await operation.CloseAsync(ct);
        }
        catch
        {
            // Stops after the chunks in flight, so nothing writes to the table the caller drops next.
            loader.Abort();
            throw;
        }
        var rows = loader.Finish();
        shadow.Finish();
        if (rows != fetched)
            throw new InvalidDataException($"load into {MySqlIdentifier.Quote(table)}: fetched {fetched} rows from Impala but MySQL loaded {rows}");
        return rows;
    }
}
