using BrightFunnel.Warehouse.Migrations;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator;

/// <summary>
/// Loads LOAD DATA text chunks into a fresh shadow table that nothing reads until it is swapped in:
/// each chunk goes in with LOAD DATA LOCAL on one of two connections of its own
/// (<see cref="LoadConnections"/>) while the caller produces the next (<see cref="BackgroundLoader{TChunk}"/>),
/// with unique and foreign-key checks off, and the table's secondary keys are dropped first and
/// built once at the end (<see cref="DeferredKeys"/>).
/// </summary>
/// <remarks>
/// The checks are off because the rows come from a source whose keys are unique already. With them
/// off, MariaDB's first insert into an empty InnoDB table takes the whole table for its statement,
/// so only the first chunk loads alone; a chunk per statement is what lets the others overlap.
/// </remarks>
sealed class ChunkedShadowLoad : IDisposable
{
    const int Workers = 2;

    readonly DeferredKeys keys;
    readonly LoadConnections connections;
    readonly BackgroundLoader<MemoryStream> loader;

    /// <param name="shadow">The empty table to fill (unquoted), a copy of <paramref name="likeTable"/>.</param>
    /// <param name="quotedColumns">Target columns or <c>@variables</c> in the order of the text's fields; empty for all, in table order.</param>
    /// <param name="expressions">SET clauses, e.g. turning a day number back into a DATE.</param>
    public ChunkedShadowLoad(MySqlConnection connection, string shadow, string likeTable, IReadOnlyList<string> quotedColumns,
        IReadOnlyList<string> expressions)
    {
        keys = DeferredKeys.Drop(connection, shadow, likeTable);
        connections = new LoadConnections(connection, Workers, "SET SESSION unique_checks = 0, foreign_key_checks = 0");
        var quoted = MySqlIdentifier.Quote(shadow);
        var set = expressions.ToArray();
        loader = new BackgroundLoader<MemoryStream>(chunk => chunk.Dispose(), connections.All.Select(c => new Func<MemoryStream, long>(chunk =>
        {
            chunk.Position = 0;
            return BulkLoad.FromStream(c, quoted, quotedColumns, chunk, set);
        })).ToArray());
    }

    /// <summary>Queues a finished chunk; waits while two are queued, and rethrows a failed load.</summary>
    public void Add(MemoryStream chunk) => loader.Add(chunk);

    /// <summary>Waits for every chunk, then builds the deferred keys; returns the rows loaded.</summary>
    public long Finish()
    {
        var rows = loader.Finish();
        keys.Build();
        return rows;
    }

    /// <summary>Stops after the chunks in flight, so nothing writes to the table the caller drops next.</summary>
    public void Abort() => loader.Abort();

    public void Dispose()
    {
        loader.Dispose();
        connections.Dispose();
    }
}
