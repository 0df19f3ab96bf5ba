using BrightFunnel.Warehouse.Migrations;
using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator.Ingest;

/// <summary>
/// A first load into an empty raw table: the rows go into a copy of the table (<c>…__load</c>)
/// that nothing reads, through two connections at once (the server's share of the work is the
/// larger one, and it spreads over both cores), with the secondary keys built once at the end
/// instead of row by row. Only <see cref="SwapIn"/>, after the whole file was read, puts it in the
/// raw table's place, in one atomic <c>RENAME TABLE</c>; disposed without it, the copy is dropped
/// and the raw table stays empty.
/// </summary>
sealed class ShadowTableLoad : IDisposable
{
    const int Workers = 2;
    readonly MySqlConnection connection;
    readonly string table, shadow, retired;
    readonly string file;
    readonly DateTime loadedAt;
    readonly DeferredKeys deferredKeys;
    LoadConnections? workers;
    bool swapped;

    public ShadowTableLoad(MySqlConnection connection, string rawTable, string file)
    {
        this.connection = connection;
        this.file = file;
        table = MySqlIdentifier.Quote(rawTable);
        shadow = MySqlIdentifier.Quote(rawTable + "__load");
        retired = MySqlIdentifier.Quote(rawTable + "__old");
        // Left over by a process that died mid-load; never the raw table itself.
        connection.Execute($"DROP TABLE IF EXISTS {shadow}, {retired}");
        connection.Execute($"CREATE TABLE {shadow} LIKE {table}");
        deferredKeys = DeferredKeys.Drop(connection, rawTable + "__load", rawTable);
        // One load time for the whole file, as when it was one statement.
        loadedAt = connection.ExecuteScalar<DateTime>("SELECT UTC_TIMESTAMP(6)");
    }

    /// <summary>One load function per worker connection, each loading a chunk file into the shadow table.</summary>
    public Func<string, long>[] Loaders(IReadOnlyList<string> columns, string sourceFileExpression)
    {
        workers = new LoadConnections(connection, Workers, "SET @bfw_source_file = @file, @bfw_loaded_at = @loadedAt", new { file, loadedAt });
        return workers.All.Select(worker => new Func<string, long>(rows =>
            BulkLoad.FromTsv(worker, shadow, columns, rows, sourceFileExpression, "`_loaded_at` = @bfw_loaded_at"))).ToArray();
    }

    /// <summary>A first load can still carry deletions: the rows went in with the others; take them out.</summary>
    public void Delete(IReadOnlyList<string> ids)
    {
        foreach (var chunk in ids.Chunk(1000))
            connection.Execute($"DELETE FROM {shadow} WHERE `Id` IN @ids", new { ids = chunk });
    }

    /// <summary>Builds the deferred keys, then puts the shadow table in the raw table's place.</summary>
    public void SwapIn()
    {
        CloseWorkers();
        deferredKeys.Build();
        // Statistics gathered while the table was still filling (and none for the keys just built)
        // would lead the canonical procedures' plans astray.
        connection.Execute($"ANALYZE TABLE {shadow}", commandTimeout: 0);
        // The emptiness was checked before the load; a writer since then would lose its rows to the swap.
        if (connection.ExecuteScalar<long?>($"SELECT 1 FROM {table} LIMIT 1") is not null)
            throw new InvalidOperationException($"{table} received rows while {file} was loading; ingest it again");
        connection.Execute($"RENAME TABLE {table} TO {retired}, {shadow} TO {table}");
        swapped = true;
        connection.Execute($"DROP TABLE {retired}");
    }

    void CloseWorkers()
    {
        workers?.Dispose();
        workers = null;
    }

    public void Dispose()
    {
        CloseWorkers();
        if (!swapped) connection.Execute($"DROP TABLE IF EXISTS {shadow}");
    }
}
