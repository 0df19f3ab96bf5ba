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
sealed class LoadPlan(SalesforceObject target, IReadOnlyList<RawColumn> columns, string file, MySqlConnection connection)
{
    const string ModstampColumn = "SystemModstamp";
    static readonly string[] RejectColumns = ["source_object", "source_file", "line_number", "column_name", "value", "reason", "raw_line"];

    public sealed record Outcome(long Read, long Loaded, IReadOnlyList<string> Deleted);

    public Outcome Run(Func<TsvFileWriter, (long read, List<string> deleted)> validate, Action closeRejects, string rejectsFile)
    {
        var table = MySqlIdentifier.Quote(target.RawTable);
        var staging = MySqlIdentifier.Quote("stg_" + target.RawTable);
        var all = columns.Select(c => MySqlIdentifier.Quote(c.Name)).Concat(["`extra`", "`_source_file`"]).ToList();
        var direct = connection.ExecuteScalar<long?>($"SELECT 1 FROM {table} LIMIT 1") is null;
        if (!direct)
        {
            connection.Execute($"DROP TEMPORARY TABLE IF EXISTS {staging}");
            connection.Execute($"CREATE TEMPORARY TABLE {staging} AS SELECT {string.Join(", ", all)} FROM {table} WHERE 1 = 0");
            connection.Execute($"ALTER TABLE {staging} ADD COLUMN `_is_deleted` TINYINT(1) NOT NULL");
        }

        using var tx = direct ? connection.BeginTransaction() : null;
        var (read, deleted, loaded) = Stream(validate, direct
            ? rows => BulkLoad.FromTsv(connection, table, [.. all, "@is_deleted"], rows, "`_loaded_at` = UTC_TIMESTAMP(6)")
            : rows => BulkLoad.FromTsv(connection, staging, [.. all, "`_is_deleted`"], rows));
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
            Merge(table, staging, all, rejectsFile);
        }
        return new Outcome(read, loaded, deleted);
    }

    /// <summary>Validates the whole file into a load file first, then loads it: nothing is loaded from a file that turns out truncated.</summary>
    static (long read, List<string> deleted, long loaded) Stream(Func<TsvFileWriter, (long, List<string>)> validate, Action<string> load)
    {
        var path = System.IO.Path.Combine(Directory.CreateTempSubdirectory("bfw-load-").FullName, "rows.tsv");
        try
        {
            long rowsWritten;
            (long read, List<string> deleted) result;
            using (var rows = new TsvFileWriter(path))
            {
                result = validate(rows);
                rowsWritten = rows.Rows;
            }
            load(path);
            return (result.read, result.deleted, rowsWritten);
        }
        finally
        {
            Directory.Delete(System.IO.Path.GetDirectoryName(path)!, true);
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
