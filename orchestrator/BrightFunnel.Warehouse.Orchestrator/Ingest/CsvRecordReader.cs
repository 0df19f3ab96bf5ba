using System.Text;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Ingest;

/// <summary>
/// Streams RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks;
/// CRLF or LF; a UTF-8 BOM is skipped. Tracks the line each record starts on, so a rejected
/// row or a truncated file can be named precisely. An empty field is null, quoted or not: Data
/// Loader quotes every field, so <c>""</c> is how it writes a null.
/// </summary>
public sealed class CsvRecordReader : IDisposable
{
    static readonly System.Buffers.SearchValues<char> Delimiters = System.Buffers.SearchValues.Create(",\r\n");
    readonly TextReader reader;
    readonly char[] buffer = new char[1 << 16];
    readonly StringBuilder field = new();
    int position, length;
    int line = 1;
    bool atEnd;

    public CsvRecordReader(string path)
        : this(new StreamReader(path, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16)) { }

    public CsvRecordReader(TextReader reader) => this.reader = reader;

    /// <summary>Line the last record returned started on (1-based).</summary>
    public int RecordLine { get; private set; }

    /// <summary>Reads the next record into <paramref name="fields"/>; false at the end of the input.</summary>
    public bool Read(List<string?> fields)
    {
        fields.Clear();
        // A blank line carries no data; it is not a record.
        while (Fill() && buffer[position] is '\n' or '\r')
        {
            if (buffer[position++] == '\n') line++;
        }
        if (!Fill()) return false;
        RecordLine = line;
        while (true)
        {
            fields.Add(ReadField());
            if (!Fill()) return true;
            var end = buffer[position++];
            if (end == ',') continue;
            if (end == '\r' && Fill() && buffer[position] == '\n') position++;
            line++;
            return true;
        }
    }

    /// <summary>
    /// Nearly every field lies whole inside the buffer, without doubled quotes: that one is cut
    /// out of the buffer in one piece; the rest go character by character.
    /// </summary>
    string? ReadField()
    {
        if (!Fill()) return null;
        var rest = buffer.AsSpan(position, length - position);
        if (rest[0] != '"')
        {
            var end = rest.IndexOfAny(Delimiters);
            if (end >= 0)
            {
                position += end;
                return end == 0 ? null : new string(rest[..end]);
            }
        }
        else
        {
            var close = rest[1..].IndexOf('"');
            if (close >= 0 && close + 2 < rest.Length && rest[close + 2] is ',' or '\n' or '\r')
            {
                var content = rest.Slice(1, close);
                line += content.Count('\n');
                position += close + 2;
                return close == 0 ? null : new string(content);
            }
        }
        return ReadFieldSlowly();
    }

    string? ReadFieldSlowly()
    {
        field.Clear();
        if (Peek() == '"')
        {
            position++;
            ReadQuoted();
        }
        // Unquoted (or the tail after a closing quote, which RFC 4180 forbids but exporters emit rarely).
        while (Fill())
        {
            var c = buffer[position];
            if (c is ',' or '\n' or '\r') break;
            field.Append(c);
            position++;
        }
        return field.Length == 0 ? null : field.ToString();
    }

    void ReadQuoted()
    {
        var startLine = line;
        while (true)
        {
            if (!Fill()) throw new TruncatedCsvException(startLine);
            var c = buffer[position++];
            if (c == '"')
            {
                if (Fill() && buffer[position] == '"') { field.Append('"'); position++; continue; }
                return;
            }
            if (c == '\n') line++;
            field.Append(c);
        }
    }

    int Peek() => Fill() ? buffer[position] : -1;

    bool Fill()
    {
        if (position < length) return true;
        if (atEnd) return false;
        length = reader.Read(buffer, 0, buffer.Length);
        position = 0;
        if (length == 0) atEnd = true;
        return length > 0;
    }

    public void Dispose() => reader.Dispose();
}

/// <summary>The input ended inside a quoted field.</summary>
public sealed class TruncatedCsvException(int line)
    : Exception($"file ends inside a quoted field opened on line {line} (truncated export?)")
{
    public int Line { get; } = line;
}
