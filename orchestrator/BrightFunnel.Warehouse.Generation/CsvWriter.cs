using System.Buffers;
using System.Globalization;
using System.Text;

namespace BrightFunnel.Warehouse.Generation;

/// <summary>How a CSV file is laid out. Every variant is valid RFC 4180 (LF line ends aside).</summary>
/// <param name="ByteOrderMark">Start the file with the UTF-8 BOM (EF BB BF).</param>
/// <param name="NewLine">The record terminator: "\r\n" or "\n".</param>
/// <param name="QuoteAll">
/// Quote every field, header included, and write a null as <c>""</c> (Data Loader style); otherwise
/// quote only fields holding a comma, a quote, CR or LF, and write a null as nothing.
/// </param>
public sealed record CsvFormat(bool ByteOrderMark, string NewLine, bool QuoteAll)
{
    public static readonly CsvFormat Rfc4180 = new(false, "\r\n", false);
}

/// <summary>
/// A small streaming RFC 4180 writer: UTF-8, fields separated by commas, a field holding a comma,
/// a double quote, CR or LF is enclosed in double quotes with inner quotes doubled. Salesforce
/// export conventions for values: datetimes <c>2015-03-04T17:22:10.000Z</c>, dates
/// <c>2015-03-04</c>, booleans <c>true</c>/<c>false</c>, null as an empty field. Values go
/// straight into a buffer, so a row allocates nothing.
/// </summary>
public sealed class CsvWriter : IDisposable
{
    static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",\"\r\n");

    readonly TextWriter writer;
    readonly CsvFormat format;
    readonly char[] buffer = new char[1 << 16];
    int length;
    int fieldInRecord;

    public CsvWriter(Stream stream, CsvFormat format, bool leaveOpen = false)
    {
        this.format = format;
        writer = new StreamWriter(stream, new UTF8Encoding(format.ByteOrderMark), 1 << 16, leaveOpen);
    }

    /// <summary>A writer over a new (or truncated) file.</summary>
    public static CsvWriter Create(string path, CsvFormat format) =>
        new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16), format);

    /// <summary>Data records written so far (the header is not counted).</summary>
    public long Records { get; private set; }

    public void WriteHeader(IEnumerable<string> names)
    {
        foreach (var name in names) Field(name);
        Terminate();
    }

    /// <summary>Ends the current record.</summary>
    public void EndRecord()
    {
        Terminate();
        Records++;
    }

    void Terminate()
    {
        Append(format.NewLine);
        fieldInRecord = 0;
    }

    /// <summary>A text field; null and "" are both written as an empty (null) field.</summary>
    public CsvWriter Field(string? value) => Field(value.AsSpan());

    public CsvWriter Field(ReadOnlySpan<char> value)
    {
        Separator();
        if (format.QuoteAll || value.ContainsAny(NeedsQuotes)) Quoted(value);
        else Append(value);
        return this;
    }

    /// <summary>An empty field: null in Salesforce exports.</summary>
    public CsvWriter Null()
    {
        Separator();
        if (format.QuoteAll) Append("\"\"");
        return this;
    }

    public CsvWriter Field(bool value) => Plain(value ? "true" : "false");

    public CsvWriter Field(bool? value) => value is { } v ? Field(v) : Null();

    public CsvWriter Field(long value)
    {
        Span<char> digits = stackalloc char[24];
        value.TryFormat(digits, out var n, default, CultureInfo.InvariantCulture);
        return Plain(digits[..n]);
    }

    public CsvWriter Field(long? value) => value is { } v ? Field(v) : Null();

    public CsvWriter Field(decimal value)
    {
        Span<char> digits = stackalloc char[40];
        value.TryFormat(digits, out var n, default, CultureInfo.InvariantCulture);
        return Plain(digits[..n]);
    }

    public CsvWriter Field(decimal? value) => value is { } v ? Field(v) : Null();

    /// <summary>A date: <c>yyyy-MM-dd</c>.</summary>
    public CsvWriter Field(DateOnly value)
    {
        Span<char> text = stackalloc char[10];
        WriteDate(value, text);
        return Plain(text);
    }

    public CsvWriter Field(DateOnly? value) => value is { } v ? Field(v) : Null();

    /// <summary>A UTC datetime from ticks: <c>yyyy-MM-ddTHH:mm:ss.000Z</c> (Salesforce keeps whole seconds).</summary>
    public CsvWriter DateTimeField(long utcTicks)
    {
        Span<char> text = stackalloc char[24];
        var seconds = utcTicks / TimeSpan.TicksPerSecond;
        var days = (int)(seconds / 86_400);
        var secondOfDay = (int)(seconds % 86_400);
        WriteDate(DateOnly.FromDayNumber(days), text);
        text[10] = 'T';
        Two(secondOfDay / 3600, text[11..]);
        text[13] = ':';
        Two(secondOfDay / 60 % 60, text[14..]);
        text[16] = ':';
        Two(secondOfDay % 60, text[17..]);
        ".000Z".CopyTo(text[19..]);
        return Plain(text);
    }

    /// <summary>An 18-character id (or any value known to need no quoting).</summary>
    public CsvWriter Plain(ReadOnlySpan<char> value)
    {
        Separator();
        if (format.QuoteAll)
        {
            Append('"');
            Append(value);
            Append('"');
        }
        else Append(value);
        return this;
    }

    static void WriteDate(DateOnly date, Span<char> text)
    {
        date.Deconstruct(out var year, out var month, out var day);
        Two(year / 100, text);
        Two(year % 100, text[2..]);
        text[4] = '-';
        Two(month, text[5..]);
        text[7] = '-';
        Two(day, text[8..]);
    }

    static void Two(int value, Span<char> text)
    {
        text[0] = (char)('0' + value / 10);
        text[1] = (char)('0' + value % 10);
    }

    void Separator()
    {
        if (fieldInRecord++ > 0) Append(',');
    }

    void Quoted(ReadOnlySpan<char> value)
    {
        Append('"');
        while (true)
        {
            var quote = value.IndexOf('"');
            if (quote < 0) break;
            Append(value[..(quote + 1)]);
            Append('"');
            value = value[(quote + 1)..];
        }
        Append(value);
        Append('"');
    }

    void Append(char c)
    {
        if (length == buffer.Length) FlushBuffer();
        buffer[length++] = c;
    }

    void Append(ReadOnlySpan<char> text)
    {
        if (length + text.Length > buffer.Length)
        {
            FlushBuffer();
            if (text.Length > buffer.Length) { writer.Write(text); return; }
        }
        text.CopyTo(buffer.AsSpan(length));
        length += text.Length;
    }

    void FlushBuffer()
    {
        writer.Write(buffer, 0, length);
        length = 0;
    }

    public void Flush()
    {
        FlushBuffer();
        writer.Flush();
    }

    public void Dispose()
    {
        FlushBuffer();
        writer.Dispose();
    }
}
