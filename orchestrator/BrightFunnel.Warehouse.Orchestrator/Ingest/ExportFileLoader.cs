using System.Text;
using Dapper;
using BrightFunnel.Warehouse.Migrations;
using MySql.Data.MySqlClient;

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
    const string ModstampColumn = "SystemModstamp";

    public IngestFileResult Load(string path)
    {
        var file = Path.GetFileName(path);
        var target = SalesforceObject.ForFile(path);
        var columns = RawTableSchema.Read(connection, target.RawTable);
        using var reader = new CsvRecordReader(path);
        var header = ReadHeader(reader, file, columns);
        var work = Directory.CreateTempSubdirectory("bfw-ingest-").FullName;
        try
        {
            using var rejects = new TsvFileWriter(Path.Combine(work, "rejects.tsv"));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var result = new LoadPlan(target, columns, file, connection, rowsPerChunk).Run(
                rows => Validate(reader, header, file, target, columns, rows, rejects),
                () => rejects.Dispose(), rejects.Path);
            Log.Info("{file}: {read} rows validated, loaded and merged in {ms} ms", file, result.Read, clock.ElapsedMilliseconds);
            return new IngestFileResult(file, target.ApiName, result.Read, result.Loaded, rejects.Rows, result.Deleted.Count);
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
        try
        {
            if (!reader.Read(fields)) throw new BadInputException($"{file}: empty file (no header line)");
        }
        catch (TruncatedCsvException e) { throw new BadInputException($"{file}: {e.Message}"); }
        catch (DecoderFallbackException) { throw new BadInputException($"{file}: not valid UTF-8"); }
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

    /// <summary>Checks every row, writing good ones to <paramref name="rows"/> and bad ones with their reason to <paramref name="rejects"/>.</summary>
    static (long read, List<string> deletedIds) Validate(CsvRecordReader reader, Header header, string file, SalesforceObject target,
        IReadOnlyList<RawColumn> columns, ChunkedTsvWriter rows, TsvFileWriter rejects)
    {
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
            rows.Value(ExtraJson(header, fields, extra));
            rows.Value(isDeleted ? "1" : "0");
            rows.EndRow();
        }
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
}
