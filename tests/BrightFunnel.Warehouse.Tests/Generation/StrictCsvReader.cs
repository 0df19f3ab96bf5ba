using System.Text;

namespace BrightFunnel.Warehouse.Tests.Generation;

/// <summary>
/// A tiny strict RFC 4180 reader for the tests (the ingest has its own): UTF-8 (an optional BOM is
/// skipped and reported), records ended by CRLF or LF, a quoted field may hold commas, doubled
/// quotes and line breaks; a quote inside an unquoted field, text after a closing quote, a bare CR,
/// an unterminated quote or a record with the wrong number of fields is an error.
/// </summary>
public sealed class StrictCsvReader
{
    public required string[] Header { get; init; }
    public required List<string[]> Records { get; init; }
    public bool HasBom { get; init; }
    /// <summary>"\r\n" or "\n": the terminator every record used (mixed terminators are an error).</summary>
    public string? NewLine { get; init; }
    /// <summary>True when every field of the file, header included, was quoted.</summary>
    public bool AllQuoted { get; init; }

    readonly Dictionary<string, int> index = new(StringComparer.Ordinal);

    public int Column(string name)
    {
        if (index.Count == 0) for (var i = 0; i < Header.Length; i++) index[Header[i]] = i;
        return index.TryGetValue(name, out var i2) ? i2 : throw new KeyNotFoundException($"no column {name}");
    }

    /// <summary>The values of one column ("" for null).</summary>
    public IEnumerable<string> Values(string column)
    {
        var i = Column(column);
        return Records.Select(r => r[i]);
    }

    public static StrictCsvReader ReadFile(string path) => Parse(File.ReadAllBytes(path), Path.GetFileName(path));

    public static StrictCsvReader Parse(byte[] bytes, string name = "csv")
    {
        var bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, bom ? 3 : 0, bytes.Length - (bom ? 3 : 0));
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        string? newLine = null;
        var allQuoted = true;
        var line = 1;
        var i = 0;
        void Fail(string why) => throw new FormatException($"{name}: line {line}: {why}");

        while (i < text.Length)
        {
            // One field.
            field.Clear();
            if (text[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= text.Length) Fail("unterminated quoted field");
                    var c = text[i++];
                    if (c == '"')
                    {
                        if (i < text.Length && text[i] == '"') { field.Append('"'); i++; continue; }
                        break;
                    }
                    if (c == '\n') line++;
                    field.Append(c);
                }
                if (i < text.Length && text[i] is not (',' or '\r' or '\n')) Fail($"text after a closing quote: '{text[i]}'");
            }
            else
            {
                allQuoted = false;
                while (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                {
                    if (text[i] == '"') Fail("a quote inside an unquoted field");
                    field.Append(text[i++]);
                }
            }
            fields.Add(field.ToString());

            // What ends it: a comma (another field follows), a record terminator or the end of the file.
            if (i < text.Length && text[i] == ',')
            {
                i++;
                if (i < text.Length) continue;
                fields.Add("");
                allQuoted = false;
            }
            if (i < text.Length)
            {
                string terminator;
                if (text[i] == '\n') { terminator = "\n"; i++; }
                else if (i + 1 < text.Length && text[i + 1] == '\n') { terminator = "\r\n"; i += 2; }
                else { Fail("a bare CR outside quotes"); return null!; }
                newLine ??= terminator;
                if (newLine != terminator) Fail("mixed record terminators");
            }
            records.Add(fields.ToArray());
            fields.Clear();
            line++;
        }
        if (records.Count == 0) throw new FormatException($"{name}: empty file");
        var header = records[0];
        for (var r = 1; r < records.Count; r++)
            if (records[r].Length != header.Length)
                throw new FormatException($"{name}: record {r} has {records[r].Length} fields, the header {header.Length}");
        return new StrictCsvReader { Header = header, Records = records.Skip(1).ToList(), HasBom = bom, NewLine = newLine, AllQuoted = allQuoted };
    }
}
