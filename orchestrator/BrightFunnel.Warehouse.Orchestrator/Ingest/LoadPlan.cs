using BrightFunnel.Warehouse.Migrations;
using BrightFunnel.Warehouse.Orchestrator.Loading;
using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Ingest;

/// <summary>
/// How one validated export reaches its raw table with LOAD DATA LOCAL, chunk by chunk while the
/// file is still being validated. Into an empty table: a shadow table swapped in at the end (see
/// <see cref="ShadowTableLoad.Replacing"/>). Otherwise into a key-less staging table, then a set-based
/// merge by Id keeping the newest SystemModstamp, with <c>IsDeleted = true</c> removing, which
/// rewrites only the rows whose values change. The merge
/// writes only the columns the export carries, and merges <c>extra</c> key by key, so an export
/// without a column never blanks what is stored for it.
/// (MySql.Data's stream loader needs a seekable stream, so the rows travel through load files
/// rather than a pipe.)
/// </summary>
/// <param name="present">the typed columns the export carries.</param>
sealed class LoadPlan(SalesforceObject target, IReadOnlyList<RawColumn> columns, IReadOnlyList<RawColumn> present, string file, MySqlConnection connection, int rowsPerChunk,
    CancellationToken cancel = default)
{
    static readonly NLog.Logger Log = NLog.LogManager.GetCurrentClassLogger();
    const string ModstampColumn = "SystemModstamp";
    static readonly string[] RejectColumns = ["source_object", "source_file", "line_number", "column_name", "value", "reason", "raw_line"];
    /// <summary>Rows per load file: big enough that a LOAD statement's fixed cost vanishes, small enough that the first load starts early.</summary>
    public const int RowsPerChunk = 250_000;
    /// <summary>The file name is the same on every row: a session variable instead of a column the server parses on each.</summary>
    const string SourceFile = "`_source_file` = @bfw_source_file";

    public sealed record Outcome(long Read, long Loaded, IReadOnlyList<string> Deleted);

    public Outcome Run(Func<ChunkedTsvWriter, bool, (long read, List<string> deleted)> validate, Action closeRejects, string rejectsFile)
    {
        var table = MySqlIdentifier.Quote(target.RawTable);
        var all = columns.Select(c => MySqlIdentifier.Quote(c.Name)).Concat(["`extra`"]).ToList();
        return connection.ExecuteScalar<long?>($"SELECT 1 FROM {table} LIMIT 1") is null
            ? FirstLoad(validate, closeRejects, rejectsFile, all)
            : Reload(validate, closeRejects, rejectsFile, table, all);
    }

    Outcome FirstLoad(Func<ChunkedTsvWriter, bool, (long read, List<string> deleted)> validate, Action closeRejects, string rejectsFile, List<string> all)
    {
        // One load time for the whole file, as when it was one statement.
        var loadedAt = connection.ExecuteScalar<DateTime>("SELECT UTC_TIMESTAMP(6)");
        using var shadow = ShadowTableLoad.Replacing(connection, target.RawTable, file,
            "SET @bfw_source_file = @file, @bfw_loaded_at = @loadedAt", new { file, loadedAt });
        var (read, deleted, loaded) = Stream(rows => validate(rows, false), shadow.Loader<string>((worker, table, rows) =>
            BulkLoad.FromTsv(worker, table, [.. all, "@is_deleted"], rows, SourceFile, "`_loaded_at` = @bfw_loaded_at"), File.Delete));
        closeRejects();
        // A first load can still carry deletions: the rows went in with the others; take them out.
        foreach (var chunk in deleted.Chunk(1000))
            connection.Execute($"DELETE FROM {shadow.Table} WHERE `Id` IN @ids", new { ids = chunk });
        shadow.SwapIn();
        using var tx = connection.BeginTransaction();
        ReplaceRejects(rejectsFile);
        tx.Commit();
        return new Outcome(read, loaded, deleted);
    }

    Outcome Reload(Func<ChunkedTsvWriter, bool, (long read, List<string> deleted)> validate, Action closeRejects, string rejectsFile, string table, List<string> all)
    {
        var staging = MySqlIdentifier.Quote("stg_" + target.RawTable);
        connection.Execute($"DROP TEMPORARY TABLE IF EXISTS {staging}");
        connection.Execute($"CREATE TEMPORARY TABLE {staging} AS SELECT {string.Join(", ", all)}, `_source_file` FROM {table} WHERE 1 = 0");
        connection.Execute($"ALTER TABLE {staging} ADD COLUMN `_is_deleted` TINYINT(1) NOT NULL");
        connection.Execute("SET @bfw_source_file = @file", new { file });
        // A temporary table is seen by its own connection only: one worker, on this connection, which validation leaves alone.
        var (read, deleted, loaded) = Stream(rows => validate(rows, true),
            new BackgroundLoader<string>(File.Delete, rows => BulkLoad.FromTsv(connection, staging, [.. all, "`_is_deleted`"], rows, SourceFile)));
        closeRejects();
        Merge(table, staging, rejectsFile);
        return new Outcome(read, loaded, deleted);
    }

    /// <summary>
    /// Validates the file into chunk files while workers load the finished ones. Nothing reaches
    /// the raw table here: a truncated file stops the workers, and the caller drops what they loaded.
    /// </summary>
    /// <param name="loader">Loads a chunk file (and deletes it); disposed here.</param>
    (long read, List<string> deleted, long loaded) Stream(Func<ChunkedTsvWriter, (long, List<string>)> validate, BackgroundLoader<string> loader)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (result, loaded, validated) = ChunkedTsvLoad.Run(loader, rowsPerChunk, validate);
        Log.Info("{file}: validated in {validated} ms; the last chunk loaded {wait} ms later",
            file, (long)validated.TotalMilliseconds, (long)(clock.Elapsed - validated).TotalMilliseconds);
        return (result.Item1, result.Item2, loaded);
    }

    /// <summary>
    /// Only the typed columns the export carries are written; <c>extra</c> is merged key by key
    /// (<see cref="ExtraMerge"/>): a custom field the export lacks keeps its stored value, one it
    /// carries empty (a JSON null in staging) is removed, as an empty field is null everywhere else.
    /// The statements can be long on a big table: cancelling kills them, and the transaction leaves
    /// the raw table as it was.
    /// </summary>
    void Merge(string table, string staging, string rejectsFile)
    {
        var id = MySqlIdentifier.Quote("Id");
        var mod = MySqlIdentifier.Quote(ModstampColumn);
        var merged = MySqlIdentifier.Quote("mrg_" + target.RawTable);
        // The export's own columns, then the file they came from.
        var carried = present.Where(c => c.Name != "Id").Select(c => MySqlIdentifier.Quote(c.Name)).ToList();
        List<string> written = [.. carried, "`_source_file`"];
        // Incoming wins unless both sides carry a SystemModstamp and ours is newer.
        var newer = columns.Any(c => c.Name == ModstampColumn) ? $"COALESCE(s.{mod} >= t.{mod}, 1)" : "1";
        // ExtraMerge stages a merged value only where the export changes the stored one.
        var extra = $"CASE WHEN m.{id} IS NULL THEN t.`extra` ELSE m.`extra` END";
        // A nightly export restates most rows as they are stored: those are left unwritten (and keep their
        // _loaded_at), since InnoDB rewrites a row for any SET, same values or not. At L the reload of
        // 3M unchanged campaign members took 33 s of UPDATE; comparing first, 8 s.
        // Only the export's columns are compared, not _source_file: an export named by date (Lead_2026-12-07.csv)
        // would otherwise change every row, and it goes with _loaded_at: the file of the load that last changed the row.
        var unchanged = string.Join(" AND ", carried.Select(c => $"t.{c} <=> s.{c}").Append($"t.`extra` <=> {extra}"));
        ExtraMerge.Stage(connection, table, staging, merged, cancel);
        try
        {
            using var tx = connection.BeginTransaction();
            var updated = Execute($"""
                UPDATE {table} t JOIN {staging} s ON t.{id} = s.{id} LEFT JOIN {merged} m ON m.{id} = s.{id}
                SET {string.Join(", ", written.Select(c => $"t.{c} = s.{c}"))},
                    t.`extra` = {extra}, t.`_loaded_at` = UTC_TIMESTAMP(6)
                WHERE s.`_is_deleted` = 0 AND {newer} AND NOT ({unchanged})
                """, tx);
            var inserted = Execute($"""
                INSERT INTO {table} ({id}, {string.Join(", ", written)}, `extra`, `_loaded_at`)
                SELECT s.{id}, {string.Join(", ", written.Select(c => "s." + c))}, m.`extra`, UTC_TIMESTAMP(6)
                FROM {staging} s LEFT JOIN {table} t ON t.{id} = s.{id} LEFT JOIN {merged} m ON m.{id} = s.{id}
                WHERE t.{id} IS NULL AND s.`_is_deleted` = 0
                """, tx);
            var removed = Execute($"""
                DELETE t FROM {table} t JOIN {staging} s ON t.{id} = s.{id}
                WHERE s.`_is_deleted` = 1 AND {newer}
                """, tx);
            ReplaceRejects(rejectsFile);
            tx.Commit();
            Log.Info("{file}: merged into {table}: {updated} rows changed, {inserted} new, {removed} deleted; the rest as stored",
                file, target.RawTable, updated, inserted, removed);
        }
        finally
        {
            // After a killed statement the session may be gone; its temporary tables go with it.
            try { connection.Execute($"DROP TEMPORARY TABLE IF EXISTS {staging}, {merged}"); }
            catch (MySqlException) when (cancel.IsCancellationRequested) { }
        }
    }

    int Execute(string sql, MySqlTransaction tx) => Cycle.CancellableSql.Execute(connection, sql, null, cancel, tx);

    /// <summary>Re-ingesting a file replaces that file's earlier rejects.</summary>
    void ReplaceRejects(string rejectsFile)
    {
        connection.Execute("DELETE FROM raw_rejects WHERE source_file = @file", new { file });
        BulkLoad.FromTsv(connection, "raw_rejects", RejectColumns, rejectsFile);
    }
}
