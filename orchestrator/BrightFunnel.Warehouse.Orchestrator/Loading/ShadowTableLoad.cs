using BrightFunnel.Warehouse.Migrations;
using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Loading;

/// <summary>
/// A bulk load into a table that nothing reads until the load is done (a shadow table): its
/// non-unique keys are dropped first and built once at the end (<see cref="DeferredKeys"/>), and
/// its chunks go in on connections of their own (<see cref="LoadConnections"/>, as many as
/// <see cref="ParallelismSettings.LoadConnections"/>: the server's share of a load is the larger one), fed by a
/// <see cref="BackgroundLoader{TChunk}"/> while the caller produces the next chunk.
/// <see cref="Into"/> fills an empty table the caller made (a work table, a comparison snapshot);
/// <see cref="Replacing"/> fills a copy (<c>…__load</c>) that <see cref="SwapIn"/> puts in the
/// table's place in one atomic <c>RENAME TABLE</c> (ingest's first load); disposed without it,
/// the copy is dropped and the table stays as it was.
/// </summary>
sealed class ShadowTableLoad : IDisposable
{
    readonly MySqlConnection connection;
    readonly DeferredKeys keys;
    /// <summary>The table a <see cref="Replacing"/> load swaps in for (unquoted), and what it loads (for the error); null for <see cref="Into"/>.</summary>
    readonly (string table, string source)? replaced;
    LoadConnections? connections;
    bool swapped;

    ShadowTableLoad(MySqlConnection connection, string table, string likeTable, (string, string)? replaced, string sessionSql, object? parameters)
    {
        this.connection = connection;
        this.replaced = replaced;
        Table = MySqlIdentifier.Quote(table);
        try
        {
            keys = DeferredKeys.Drop(connection, table, likeTable);
            connections = new LoadConnections(connection, ParallelismSettings.Process.LoadConnections, sessionSql, parameters);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Loads into <paramref name="table"/>, which is empty and read by nothing yet.</summary>
    /// <param name="sessionSql">Prepares each load connection, e.g. session variables the SET clauses read.</param>
    public static ShadowTableLoad Into(MySqlConnection connection, string table, string sessionSql, object? parameters = null) =>
        new(connection, table, table, null, sessionSql, parameters);

    /// <summary>Loads into a fresh copy of <paramref name="table"/> that <see cref="SwapIn"/> puts in its place.</summary>
    /// <param name="source">What is loaded (a file name), for the error when the table changed meanwhile.</param>
    public static ShadowTableLoad Replacing(MySqlConnection connection, string table, string source, string sessionSql, object? parameters = null)
    {
        var shadow = MySqlIdentifier.Quote(table + "__load");
        // Left over by a process that died mid-load; never the table itself.
        connection.Execute($"DROP TABLE IF EXISTS {shadow}, {MySqlIdentifier.Quote(table + "__old")}");
        connection.Execute($"CREATE TABLE {shadow} LIKE {MySqlIdentifier.Quote(table)}");
        return new(connection, table + "__load", table, (table, source), sessionSql, parameters);
    }

    /// <summary>The table being filled, quoted.</summary>
    public string Table { get; }

    /// <summary>A chunk loader that spreads <paramref name="load"/> over the load connections: queue chunks, then <see cref="BackgroundLoader{TChunk}.Finish"/>.</summary>
    /// <param name="load">Loads one chunk on a connection into the quoted table; returns the rows loaded.</param>
    /// <param name="release">Frees a loaded chunk.</param>
    public BackgroundLoader<TChunk> Loader<TChunk>(Func<MySqlConnection, string, TChunk, long> load, Action<TChunk> release) =>
        new(release, (connections ?? throw new InvalidOperationException($"the load into {Table} is finished"))
            .All.Select(c => new Func<TChunk, long>(chunk => load(c, Table, chunk))).ToArray());

    /// <summary>Closes the load connections and builds the deferred keys, all in one ALTER TABLE; call once every chunk is loaded.</summary>
    public void Finish()
    {
        CloseConnections();
        keys.Build();
    }

    /// <summary>Finishes (<see cref="Finish"/>), then puts the loaded copy in the place of the table it replaces.</summary>
    public void SwapIn()
    {
        var (name, source) = replaced ?? throw new InvalidOperationException($"{Table} replaces no table");
        Finish();
        var table = MySqlIdentifier.Quote(name);
        // Statistics gathered while the table was still filling (and none for the keys just built)
        // would lead the readers' plans astray.
        connection.Execute($"ANALYZE TABLE {Table}", commandTimeout: 0);
        // The emptiness was checked before the load; a writer since then would lose its rows to the swap.
        if (connection.ExecuteScalar<long?>($"SELECT 1 FROM {table} LIMIT 1") is not null)
            throw new InvalidOperationException($"{table} received rows while {source} was loading; load it again");
        var retired = MySqlIdentifier.Quote(name + "__old");
        TenantFence.Swap(connection, $"the load of {source} into {name}", $"{table} TO {retired}, {Table} TO {table}");
        swapped = true;
        connection.Execute($"DROP TABLE {retired}");
    }

    void CloseConnections()
    {
        connections?.Dispose();
        connections = null;
    }

    public void Dispose()
    {
        CloseConnections();
        if (replaced is not null && !swapped) connection.Execute($"DROP TABLE IF EXISTS {Table}");
    }
}
