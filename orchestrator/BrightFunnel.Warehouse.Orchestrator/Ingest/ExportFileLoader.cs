using System.Text;
using Dapper;
using BrightFunnel.Warehouse.Migrations;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator.Ingest;

/// <summary>What one export file gave: rows read = loaded + rejected; deleted rows are among the loaded.</summary>
public sealed record IngestFileResult(string File, string Object, long Read, long Loaded, long Rejected, long Deleted);

/// <summary>
/// Loads one export file into its raw table: validates every row into a load file (bad rows into
/// a rejects file with their reason), bulk-loads it with LOAD DATA LOCAL into a staging table,
/// then merges set-based by Id keeping the newest SystemModstamp; <c>IsDeleted = true</c> removes.
/// Nothing reaches the raw table unless the whole file was read.
/// </summary>
public sealed class ExportFileLoader(MySqlConnection connection)
{
    const string DeletedColumn = "IsDeleted";
    const string ModstampColumn = "SystemModstamp";

    public IngestFileResult Load(string path)
    {
        var file = Path.GetFileName(path);
        var target = SalesforceObject.ForFile(path);
        var columns = RawTableSchema.Read(connection, target.RawTable);
        var work = Directory.CreateTempSubdirectory("bfw-ingest-").FullName;
        try
        {
            using var rows = new TsvFileWriter(Path.Combine(work, "rows.tsv"));
            using var rejects = new TsvFileWriter(Path.Combine(work, "rejects.tsv"));
            var (read, deleted) = Validate(path, file, target, columns, rows, rejects);
            rows.Dispose();
            rejects.Dispose();
            Merge(target, columns, rows.Path, rejects.Path, file);
            return new IngestFileResult(file, target.ApiName, read, rows.Rows, rejects.Rows, deleted);
        }
        finally
        {
            Directory.Delete(work, true);
        }
    }

    /// <summary>Where each CSV column goes: a typed column, the deleted flag, or <c>extra</c>.</summary>
    sealed record Header(string[] Names, RawColumn?[] Typed, int DeletedIndex, int[] ColumnSource);

    static Header ReadHeader(CsvRecordReader reader, string file, IReadOnlyList<RawColumn> columns)
    {
        var fields = new List<string?>();
        if (!reader.Read(fields)) throw new BadInputException($"{file}: empty file (no header line)");
        var names = fields.Select(f => (f ?? "").Trim()).ToArray();
        var duplicate = names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new BadInputException($"{file}: column '{duplicate.Key}' appears twice in the header");
        if (names.Any(n => n.Length == 0)) throw new BadInputException($"{file}: the header has an empty column name");
        var typed = names.Select(n => columns.FirstOrDefault(c => c.Name.Equals(n, StringComparison.OrdinalIgnoreCase))).ToArray();
        if (!typed.Any(c => c?.Name == "Id")) throw new BadInputException($"{file}: no Id column in the header");
        var source = columns.Select(c => Array.FindIndex(typed, t => t == c)).ToArray();
        var deletedIndex = Array.FindIndex(names, n => n.Equals(DeletedColumn, StringComparison.OrdinalIgnoreCase));
        return new Header(names, typed, deletedIndex, source);
    }

    (long read, long deleted) Validate(string path, string file, SalesforceObject target, IReadOnlyList<RawColumn> columns,
        TsvFileWriter rows, TsvFileWriter rejects)
    {
        using var reader = new CsvRecordReader(path);
        Header header;
        try { header = ReadHeader(reader, file, columns); }
        catch (TruncatedCsvException e) { throw new BadInputException($"{file}: {e.Message}"); }
        catch (DecoderFallbackException) { throw new BadInputException($"{file}: not valid UTF-8"); }

        var fields = new List<string?>();
        var values = new string?[columns.Count];
        var extra = new StringBuilder();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        long read = 0, deleted = 0;
        while (true)
        {
            try
            {
                if (!reader.Read(fields)) break;
            }
            catch (TruncatedCsvException e) { throw new BadInputException($"{file}: line {e.Line}: {e.Message}"); }
            catch (DecoderFallbackException) { throw new BadInputException($"{file}: line {reader.RecordLine}: not valid UTF-8"); }
            read++;
            var line = reader.RecordLine;
            if (fields.Count != header.Names.Length)
            {
                Reject(rejects, target, file, line, null, null, $"expected {header.Names.Length} fields, found {fields.Count}", fields);
                continue;
            }
            if (!ConvertRow(header, columns, fields, values, out var badColumn, out var reason))
            {
                Reject(rejects, target, file, line, badColumn, badColumn is null ? null : fields[Array.FindIndex(header.Names, n => n.Equals(badColumn, StringComparison.OrdinalIgnoreCase))], reason, fields);
                continue;
            }
            var id = values[0]!;
            if (!seen.TryAdd(id, line))
            {
                Reject(rejects, target, file, line, "Id", id, $"duplicate Id in this file (first on line {seen[id]})", fields);
                continue;
            }
            var isDeleted = false;
            if (header.DeletedIndex >= 0 && fields[header.DeletedIndex] is { } flag)
            {
                if (flag.Equals("true", StringComparison.OrdinalIgnoreCase)) isDeleted = true;
                else if (!flag.Equals("false", StringComparison.OrdinalIgnoreCase))
                {
                    seen.Remove(id);
                    Reject(rejects, target, file, line, DeletedColumn, flag, "malformed boolean (expected true or false)", fields);
                    continue;
                }
            }
            if (isDeleted) deleted++;
            foreach (var v in values) rows.Value(v);
            rows.Value(ExtraJson(header, fields, extra));
            rows.Value(file);
            rows.Value(isDeleted ? "1" : "0");
            rows.EndRow();
        }
        if (read == 0 && new FileInfo(path).Length == 0) throw new BadInputException($"{file}: empty file");
        return (read, deleted);
    }

    static bool ConvertRow(Header header, IReadOnlyList<RawColumn> columns, List<string?> fields, string?[] values,
        out string? badColumn, out string reason)
    {
        badColumn = null;
        reason = "";
        for (var i = 0; i < columns.Count; i++)
        {
            var source = header.ColumnSource[i];
            var text = source < 0 ? null : fields[source];
            if (text is null)
            {
                if (columns[i].Name == "Id") { badColumn = "Id"; reason = "missing Id"; return false; }
                values[i] = null;
                continue;
            }
            if (!FieldParser.TryParse(columns[i], text, out var value, out reason))
            {
                badColumn = header.Names[source];
                return false;
            }
            values[i] = value;
        }
        return true;
    }

    static string? ExtraJson(Header header, List<string?> fields, StringBuilder sb)
    {
        sb.Clear();
        for (var i = 0; i < fields.Count; i++)
        {
            if (header.Typed[i] is not null || i == header.DeletedIndex || fields[i] is not { } value) continue;
            sb.Append(sb.Length == 0 ? '{' : ',');
            JsonText.AppendString(sb, header.Names[i]);
            sb.Append(':');
            JsonText.AppendString(sb, value);
        }
        if (sb.Length == 0) return null;
        return sb.Append('}').ToString();
    }

    static void Reject(TsvFileWriter rejects, SalesforceObject target, string file, int line, string? column, string? value, string reason, List<string?> fields)
    {
        rejects.Value(target.ApiName);
        rejects.Value(file);
        rejects.Value(line.ToString());
        rejects.Value(column);
        rejects.Value(value);
        rejects.Value(reason);
        rejects.Value(string.Join(",", fields.Select(CsvQuote)));
        rejects.EndRow();
    }

    static string CsvQuote(string? field) =>
        field is null ? "" : field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;

    void Merge(SalesforceObject target, IReadOnlyList<RawColumn> columns, string rowsFile, string rejectsFile, string file)
    {
        var table = MySqlIdentifier.Quote(target.RawTable);
        var staging = MySqlIdentifier.Quote("stg_" + target.RawTable);
        var typed = columns.Select(c => MySqlIdentifier.Quote(c.Name)).ToList();
        var all = typed.Concat(["`extra`", "`_source_file`"]).ToList();
        var id = MySqlIdentifier.Quote("Id");
        var mod = MySqlIdentifier.Quote(ModstampColumn);
        var hasModstamp = columns.Any(c => c.Name == ModstampColumn);
        // Incoming wins unless both sides carry a SystemModstamp and ours is newer.
        var newer = hasModstamp ? $"COALESCE(s.{mod} >= t.{mod}, 1)" : "1";

        connection.Execute($"DROP TEMPORARY TABLE IF EXISTS {staging}");
        connection.Execute($"CREATE TEMPORARY TABLE {staging} AS SELECT {string.Join(", ", all)} FROM {table} WHERE 1 = 0");
        connection.Execute($"ALTER TABLE {staging} ADD COLUMN `_is_deleted` TINYINT(1) NOT NULL, ADD PRIMARY KEY ({id})");
        BulkLoad.FromTsv(connection, staging, [.. all, "`_is_deleted`"], rowsFile);

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
        connection.Execute("DELETE FROM raw_rejects WHERE source_file = @file", new { file }, tx);
        BulkLoad.FromTsv(connection, "raw_rejects", ["source_object", "source_file", "line_number", "column_name", "value", "reason", "raw_line"], rejectsFile);
        tx.Commit();
        connection.Execute($"DROP TEMPORARY TABLE IF EXISTS {staging}");
    }
}
