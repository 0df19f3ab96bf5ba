using System.Text;
using Dapper;
using BrightFunnel.Warehouse.Migrations;
using BrightFunnel.Warehouse.Orchestrator.Loading;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;

namespace BrightFunnel.Warehouse.Orchestrator.Ingest;

/// <summary>What one export file gave: rows read = loaded + rejected; deleted rows are among the loaded.</summary>
public sealed record IngestFileResult(string File, string Object, long Read, long Loaded, long Rejected, long Deleted);

/// <summary>
/// Loads one export file into its raw table: validates every row (bad rows into a rejects file
/// with their reason), then loads the good ones (see <see cref="LoadPlan"/>). Nothing reaches
/// the raw table unless the whole file was read.
/// </summary>
/// <param name="rowsPerChunk">rows per load file; tests make it small to cross chunk boundaries with a few rows.</param>
public sealed class ExportFileLoader(MySqlConnection connection, int rowsPerChunk = LoadPlan.RowsPerChunk)
{
    static readonly NLog.Logger Log = NLog.LogManager.GetCurrentClassLogger();
    const string DeletedColumn = "IsDeleted";
    const int MaxRejectedValue = 1000;

    /// <param name="customNumbers">custom fields (in <c>extra</c>) the mapping reads as numbers: a value that does not parse is a reject.</param>
    /// <param name="cancel">stops the file's load, its long statements killed on the server; its raw table is left as it was.</param>
    public IngestFileResult Load(string path, IReadOnlyList<RawColumn>? customNumbers = null, CancellationToken cancel = default)
    {
        var file = Path.GetFileName(path);
        var target = SalesforceObject.ForFile(path);
        var columns = RawTableSchema.Read(connection, target.RawTable);
        using var reader = new CsvRecordReader(path);
        var header = ExportHeader.Read(reader, path, columns);
        var checks = CustomChecks(header, customNumbers ?? []);
        var work = Directory.CreateTempSubdirectory("bfw-ingest-").FullName;
        try
        {
            using var rejects = new TsvFileWriter(Path.Combine(work, "rejects.tsv"));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var result = new LoadPlan(target, columns, header.PresentColumns(columns).ToList(), file, connection, rowsPerChunk, cancel).Run(
                (rows, merging) => Validate(reader, header, checks, merging, path, target, columns, rows, rejects),
                () => rejects.Dispose(), rejects.Path);
            Log.Info("{file}: {read} rows validated, loaded and merged in {ms} ms", file, result.Read, clock.ElapsedMilliseconds);
            return new IngestFileResult(file, target.ApiName, result.Read, result.Loaded, rejects.Rows, result.Deleted.Count);
        }
        finally
        {
            Directory.Delete(work, true);
        }
    }

    /// <summary>Checks every row, writing good ones to <paramref name="rows"/> and bad ones with their reason to <paramref name="rejects"/>.</summary>
    /// <param name="merging">into rows already stored: an empty custom field is written as a JSON null, which the merge reads as "remove this key".</param>
    static (long read, List<string> deletedIds) Validate(CsvRecordReader reader, ExportHeader header, (int index, RawColumn column)[] checks, bool merging,
        string path, SalesforceObject target, IReadOnlyList<RawColumn> columns, ChunkedTsvWriter rows, TsvFileWriter rejects)
    {
        var file = Path.GetFileName(path);
        var fields = new List<string?>();
        var values = new string?[columns.Count];
        var extra = new StringBuilder();
        var seen = new IdSet(columns[0] is { Name: "Id", Type: RawType.SalesforceId });
        long read = 0;
        var deleted = new List<string>();
        while (true)
        {
            try
            {
                if (!reader.Read(fields)) break;
            }
            catch (TruncatedCsvException e) { throw new BadInputException($"{file}: line {e.Line}: {e.Message}"); }
            catch (DecoderFallbackException) { throw new BadInputException($"{file}: {InvalidUtf8.Describe(path)}"); }
            read++;
            var line = reader.RecordLine;
            if (fields.Count != header.Names.Length)
            {
                Reject(rejects, target, file, line, null, null, $"expected {header.Names.Length} fields, found {fields.Count}", fields);
                continue;
            }
            if (FieldWithNul(fields) is var nul and >= 0)
            {
                var text = fields[nul]!;
                Reject(rejects, target, file, line, header.Names[nul], text.Replace("\0", "\\0"),
                    $"a NUL character (U+0000) at character {text.IndexOf('\0') + 1}: exports never hold one, so the field is damaged", fields);
                continue;
            }
            if (!ConvertRow(header, columns, fields, values, out var badColumn, out var reason) || !CheckCustom(checks, header, fields, out badColumn, out reason))
            {
                Reject(rejects, target, file, line, badColumn, badColumn is null ? null : fields[Array.FindIndex(header.Names, n => n.Equals(badColumn, StringComparison.OrdinalIgnoreCase))], reason, fields);
                continue;
            }
            var id = values[0]!;
            if (!seen.TryAdd(id, line, out var firstLine))
            {
                Reject(rejects, target, file, line, "Id", id, $"duplicate Id in this file (first on line {firstLine})", fields);
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
            if (isDeleted) deleted.Add(id);
            foreach (var v in values) rows.Value(v);
            rows.Value(ExtraJson(header, fields, extra, merging));
            rows.Value(isDeleted);
            rows.EndRow();
        }
        return (read, deleted);
    }

    /// <summary>
    /// The first field holding a NUL, or -1. Stored as is, a NUL would survive in some columns and
    /// end others early, so the row is rejected rather than kept in a shape nobody asked for.
    /// </summary>
    static int FieldWithNul(List<string?> fields)
    {
        for (var i = 0; i < fields.Count; i++)
            if (fields[i] is { } f && f.Contains('\0')) return i;
        return -1;
    }

    /// <summary>Where in the export each checked custom field is; a field the export lacks is not checked (the header check requires the ones the mapping needs).</summary>
    static (int index, RawColumn column)[] CustomChecks(ExportHeader header, IReadOnlyList<RawColumn> customNumbers) =>
        customNumbers.Select(c => (index: Array.FindIndex(header.Names, n => n == c.Name), column: c)).Where(c => c.index >= 0).ToArray();

    static bool CheckCustom((int index, RawColumn column)[] checks, ExportHeader header, List<string?> fields, out string? badColumn, out string reason)
    {
        badColumn = null;
        reason = "";
        foreach (var (index, column) in checks)
        {
            if (fields[index] is not { } text || FieldParser.TryParse(column, text, out _, out reason)) continue;
            badColumn = header.Names[index];
            return false;
        }
        return true;
    }

    static bool ConvertRow(ExportHeader header, IReadOnlyList<RawColumn> columns, List<string?> fields, string?[] values,
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

    static string? ExtraJson(ExportHeader header, List<string?> fields, StringBuilder sb, bool merging)
    {
        sb.Clear();
        for (var i = 0; i < fields.Count; i++)
        {
            if (header.Typed[i] is not null || i == header.DeletedIndex) continue;
            var value = fields[i];
            if (value is null && !merging) continue;
            sb.Append(sb.Length == 0 ? '{' : ',');
            JsonText.AppendString(sb, header.Names[i]);
            sb.Append(':');
            if (value is null) sb.Append("null");
            else JsonText.AppendString(sb, value);
        }
        if (sb.Length == 0) return null;
        return sb.Append('}').ToString();
    }

    static void Reject(TsvFileWriter rejects, SalesforceObject target, string file, int line, string? column, string? value, string reason, List<string?> fields)
    {
        rejects.Value(target.ApiName);
        rejects.Value(file);
        rejects.Value(line);
        rejects.Value(column);
        // raw_rejects.value is TEXT (64 KB); the whole row stays in raw_line.
        rejects.Value(value is { Length: > MaxRejectedValue } ? $"{value[..MaxRejectedValue]}… ({value.Length} characters)" : value);
        rejects.Value(reason);
        rejects.Value(string.Join(",", fields.Select(CsvQuote)));
        rejects.EndRow();
    }

    static string CsvQuote(string? field) =>
        field is null ? "" : field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
}
