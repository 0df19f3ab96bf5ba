using BrightFunnel.Warehouse.Migrations;
using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator.Ingest;

/// <summary>
/// How one validated export reaches its raw table with LOAD DATA LOCAL. Into an empty table the
/// rows go straight in, inside a transaction (one pass); otherwise into a key-less staging
/// table, then a set-based merge by Id keeping the newest SystemModstamp, with
/// <c>IsDeleted = true</c> removing. (MySql.Data's stream loader needs a seekable stream, so the
/// rows travel through a load file rather than a pipe.)
/// </summary>
sealed class LoadPlan(SalesforceObject target, IReadOnlyList<RawColumn> columns, string file, MySqlConnection connection, int rowsPerChunk)
{
    const string ModstampColumn = "SystemModstamp";
    static readonly string[] RejectColumns = ["source_object", "source_file", "line_number", "column_name", "value", "reason", "raw_line"];

    public sealed record Outcome(long Read, long Loaded, IReadOnlyList<string> Deleted);

    /// <summary>Rows per load file: big enough that a LOAD statement's fixed cost vanishes, small enough that the first load starts early.</summary>
    public const int RowsPerChunk = 250_000;

    public Outcome Run(Func<ChunkedTsvWriter, (long read, List<string> deleted)> validate, Action closeRejects, string rejectsFile)
    {
        var table = MySqlIdentifier.Quote(target.RawTable);
        var staging = MySqlIdentifier.Quote("stg_" + target.RawTable);
        var all = columns.Select(c => MySqlIdentifier.Quote(c.Name)).Concat(["`extra`"]).ToList();
        var direct = connection.ExecuteScalar<long?>($"SELECT 1 FROM {table} LIMIT 1") is null;
        if (!direct)
        {
            connection.Execute($"DROP TEMPORARY TABLE IF EXISTS {staging}");
            connection.Execute($"CREATE TEMPORARY TABLE {staging} AS SELECT {string.Join(", ", all)}, `_source_file` FROM {table} WHERE 1 = 0");
            connection.Execute($"ALTER TABLE {staging} ADD COLUMN `_is_deleted` TINYINT(1) NOT NULL");
        }
        // The file name is the same on every row: one session variable instead of a column the server parses 3M times.
        connection.Execute("SET @bfw_source_file = @file", new { file });
        const string source = "`_source_file` = @bfw_source_file";

        using var tx = direct ? connection.BeginTransaction() : null;
        var (read, deleted, loaded) = Stream(validate, direct
            ? rows => BulkLoad.FromTsv(connection, table, [.. all, "@is_deleted"], rows, source, "`_loaded_at` = UTC_TIMESTAMP(6)")
            : rows => BulkLoad.FromTsv(connection, staging, [.. all, "`_is_deleted`"], rows, source));
        closeRejects();

        if (direct)
        {
            // A first load can still carry deletions: the rows went in with the others; take them out.
            foreach (var chunk in deleted.Chunk(1000))
                connection.Execute($"DELETE FROM {table} WHERE `Id` IN @ids", new { ids = chunk }, tx);
            ReplaceRejects(rejectsFile);
            tx!.Commit();
        }
        else
        {
            Merge(table, staging, [.. all, "`_source_file`"], rejectsFile);
        }
        return new Outcome(read, loaded, deleted);
    }

    /// <summary>
    /// Validates the file into chunk files while a worker loads the finished ones (into the open
    /// transaction or the staging table). Nothing is committed until the whole file is read: a
    /// truncated file stops the worker and the caller rolls back or drops the staging table.
    /// </summary>
    (long read, List<string> deleted, long loaded) Stream(Func<ChunkedTsvWriter, (long, List<string>)> validate, Func<string, long> load)
    {
        var folder = Directory.CreateTempSubdirectory("bfw-load-").FullName;
        var log = NLog.LogManager.GetCurrentClassLogger();
        try
        {
            using var loader = new BackgroundLoader(load);
            (long read, List<string> deleted) result;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using (var rows = new ChunkedTsvWriter(folder, rowsPerChunk, loader.Add))
            {
                try
                {
                    result = validate(rows);
                    rows.Complete();
                }
                catch
                {
                    loader.Abort();
                    throw;
                }
            }
            var validated = clock.ElapsedMilliseconds;
            var loaded = loader.Finish();
            log.Info("validated in {validated} ms; the last load ended {wait} ms later", validated, clock.ElapsedMilliseconds - validated);
            return (result.read, result.deleted, loaded);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    void Merge(string table, string staging, IReadOnlyList<string> all, string rejectsFile)
    {
        var id = MySqlIdentifier.Quote("Id");
        var mod = MySqlIdentifier.Quote(ModstampColumn);
        // Incoming wins unless both sides carry a SystemModstamp and ours is newer.
        var newer = columns.Any(c => c.Name == ModstampColumn) ? $"COALESCE(s.{mod} >= t.{mod}, 1)" : "1";
        using var tx = connection.BeginTransaction();
        connection.Execute($"""
            UPDATE {table} t JOIN {staging} s ON t.{id} = s.{id}
            SET {string.Join(", ", all.Where(c => c != id).Select(c => $"t.{c} = s.{c}"))}, t.`_loaded_at` = UTC_TIMESTAMP(6)
            WHERE s.`_is_deleted` = 0 AND {newer}
            """, transaction: tx, commandTimeout: 0);
        connection.Execute($"""
            INSERT INTO {table} ({string.Join(", ", all)}, `_loaded_at`)
            SELECT {string.Join(", ", all.Select(c => "s." + c))}, UTC_TIMESTAMP(6)
            FROM {staging} s LEFT JOIN {table} t ON t.{id} = s.{id}
            WHERE t.{id} IS NULL AND s.`_is_deleted` = 0
            """, transaction: tx, commandTimeout: 0);
        connection.Execute($"""
            DELETE t FROM {table} t JOIN {staging} s ON t.{id} = s.{id}
            WHERE s.`_is_deleted` = 1 AND {newer}
            """, transaction: tx, commandTimeout: 0);
        ReplaceRejects(rejectsFile);
        tx.Commit();
        connection.Execute($"DROP TEMPORARY TABLE IF EXISTS {staging}");
    }

    /// <summary>Re-ingesting a file replaces that file's earlier rejects.</summary>
    void ReplaceRejects(string rejectsFile)
    {
        connection.Execute("DELETE FROM raw_rejects WHERE source_file = @file", new { file });
        BulkLoad.FromTsv(connection, "raw_rejects", RejectColumns, rejectsFile);
    }
}
