using System.Data.Common;
using BrightFunnel.Warehouse.Impala.Client;

namespace BrightFunnel.Warehouse.Impala.Staging;

/// <summary>
/// One offload run's staged inputs: each table as Parquet under <c>{tenant}/{run}/{table}/</c> of
/// the store, registered in Impala as an external table, and all of it dropped afterwards
/// (tables first, then files).
/// </summary>
public sealed class StagingArea(IStagingStore store, string tenant, string run)
{
    readonly List<StagedTable> tables = [];

    public string Folder { get; } = StagingPaths.Check($"{tenant}/{run}");

    public IReadOnlyList<StagedTable> Tables => tables;

    /// <summary>Writes a table's rows as Parquet; columns default to what the reader's types say.</summary>
    public async Task<StagedTable> StageAsync(string table, DbDataReader reader, IReadOnlyList<StagedColumn>? columns = null, CancellationToken ct = default)
    {
        var folder = $"{Folder}/{StagingPaths.Check(table)}";
        var writer = new ParquetTableWriter(columns ?? ParquetTableWriter.ColumnsOf(reader));
        var (rows, files) = await writer.WriteAsync(reader, store, folder, ct);
        var staged = new StagedTable(table, writer.Columns, folder, store.LocationOf(folder), rows, files);
        lock (tables) tables.Add(staged); // tables may be staged side by side
        return staged;
    }

    /// <summary>CREATE EXTERNAL TABLE (idempotent), REFRESH and COMPUTE STATS for every staged table.</summary>
    public async Task RegisterAsync(Hs2Session session, string database, CancellationToken ct = default)
    {
        await session.ExecuteNonQueryAsync(ImpalaDdl.CreateDatabase(database), null, ct);
        foreach (var t in tables)
        {
            await session.ExecuteNonQueryAsync(ImpalaDdl.CreateExternalTable(database, t.Name, t.Columns, t.Location), null, ct);
            await session.ExecuteNonQueryAsync(ImpalaDdl.Refresh(database, t.Name), null, ct);
            await session.ExecuteNonQueryAsync(ImpalaDdl.ComputeStats(database, t.Name), null, ct);
        }
    }

    /// <summary>Drops the run's external tables (if a session is given) and deletes its files.</summary>
    public async Task DropAsync(Hs2Session? session, string database, CancellationToken ct = default)
    {
        if (session is not null)
            foreach (var t in tables)
                await session.ExecuteNonQueryAsync(ImpalaDdl.DropTable(database, t.Name), null, ct);
        await store.DeleteFolderAsync(Folder, ct);
        tables.Clear();
    }
}
