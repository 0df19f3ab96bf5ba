using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Impala.Staging;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator.Offload;

/// <summary>
/// What both offloaded steps do around their own SQL: stage MySQL reads as Parquet, run a script
/// so that its error names the file, and drop the run's database and files afterwards.
/// </summary>
static class OffloadStaging
{
    static readonly NLog.Logger Log = NLog.LogManager.GetCurrentClassLogger();

    /// <summary>
    /// Writes each of the step's inputs (a MySQL SELECT) as a staged Parquet table; returns the rows.
    /// Two tables at a time, each on a connection of its own: reading rows and encoding Parquet is
    /// client work, the query the server's, so two streams keep both cores busy.
    /// </summary>
    public static async Task<long> StageInputsAsync(MySqlConnection mysql, StagingArea area, OffloadScripts scripts, CancellationToken ct)
    {
        long rows = 0;
        await Parallel.ForEachAsync(scripts.Inputs(), new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = ct }, async (input, token) =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await using var connection = (MySqlConnection)mysql.Clone(); // a clone keeps the password the opened original no longer shows
            await connection.OpenAsync(token);
            await using var command = new MySqlCommand(input.Select, connection) { CommandTimeout = 0 };
            await using var reader = await command.ExecuteReaderAsync(token);
            var staged = (await area.StageAsync(input.Table, reader, null, token)).Rows;
            Interlocked.Add(ref rows, staged);
            Log.Info("offload: staged {table} ({rows} rows) in {ms} ms", input.Table, staged, clock.ElapsedMilliseconds);
        });
        return rows;
    }

    public static async Task ExecuteScriptAsync(Hs2Session session, OffloadScripts scripts, string name,
        IReadOnlyDictionary<string, string> variables, CancellationToken ct)
    {
        try
        {
            await session.ExecuteNonQueryAsync(scripts.Statement(name, variables), null, ct);
        }
        catch (Hs2QueryException e)
        {
            throw Naming(e, scripts, name);
        }
    }

    /// <summary>The same error, saying which of our files the failing statement came from.</summary>
    public static Hs2QueryException Naming(Hs2QueryException e, OffloadScripts scripts, string name) =>
        new(e.SqlState, e.ServerMessage, e.StatementFirstLine, e.ErrorCode, $"Impala query failed in {scripts.Describe(name)}");

    /// <summary>Drops the run's own database (its staged tables and intermediates); logs rather than throws.</summary>
    public static async Task DropRunDatabaseAsync(Hs2Session session, string database)
    {
        try { await session.ExecuteNonQueryAsync($"DROP DATABASE IF EXISTS {ImpalaDdl.Quote(database)} CASCADE"); }
        catch (Exception e) { Log.Warn("offload: could not drop Impala database {database}: {error}", database, e.Message); }
    }

    /// <summary>Deletes the tenant's staging folder: the run's files, and the folder itself so nothing is left.</summary>
    public static async Task DeleteStagedFilesAsync(IStagingStore store, ClusterAttribution cluster, string database)
    {
        try { await store.DeleteFolderAsync(cluster.StagingFolder, CancellationToken.None); }
        catch (Exception e) { Log.Warn("offload: could not delete staged files of {database}: {error}", database, e.Message); }
    }
}
