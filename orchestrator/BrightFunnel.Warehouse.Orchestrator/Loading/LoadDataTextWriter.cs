using System.Buffers;
using System.Globalization;
using System.Text;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Loading;

/// <summary>
/// Writes rows as UTF-8 text in the format <c>LOAD DATA</c> reads by default (see <see cref="BulkLoad"/>):
/// fields separated by tab, rows ended by newline, NULL as <c>\N</c>, and the bytes
/// <c>\\ \t \n \r \0 \x1a</c> escaped (<c>\\ \t \n \r \0 \Z</c>). The only writer of that format:
/// ingest's load files (<see cref="TsvFileWriter"/>) and cluster results (<see cref="Hs2BatchTextWriter"/>)
/// both go through it, so both escape alike.
/// </summary>
/// <remarks>
/// Values are encoded straight into one reused buffer, and only a value that holds a byte to
/// escape takes the slower path: the bulk paths write millions of fields.
/// </remarks>
public sealed class LoadDataTextWriter(Stream output, int bufferSize = 1 << 16)
{
    /// <summary>Every escaped byte is ASCII, so it never occurs inside a multi-byte UTF-8 sequence: escaping bytes is escaping characters.</summary>
    static readonly SearchValues<byte> EscapedBytes = SearchValues.Create("\\\t\n\r\0\u001a"u8);
    static readonly SearchValues<char> EscapedChars = SearchValues.Create("\\\t\n\r\0\u001a");
    /// <summary>Room kept for a number or an escape, so those never check the buffer byte by byte.</summary>
    const int Slack = 64;

    readonly byte[] buffer = new byte[Math.Max(bufferSize, 1024)];
    int used;
    bool firstInRow = true;

    /// <summary>Rows ended so far.</summary>
    public long Rows { get; private set; }

    public void Null()
    {
        Separator();
        Put((byte)'\\');
        Put((byte)'N');
    }

    /// <summary>A text field (null as <c>\N</c>); a literal <c>\N</c> string is written <c>\\N</c>, so it stays a string.</summary>
    public void Value(string? value)
    {
        if (value is null) { Null(); return; }
        Separator();
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (max <= buffer.Length - Slack && !value.AsSpan().ContainsAny(EscapedChars))
        {
            EnsureRoom(max);
            used += Encoding.UTF8.GetBytes(value, buffer.AsSpan(used));
            return;
        }
        var bytes = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            Escaped(bytes.AsSpan(0, Encoding.UTF8.GetBytes(value, bytes)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>A field of raw bytes (a BINARY value, or text already in UTF-8), escaped like text.</summary>
    public void Value(ReadOnlySpan<byte> bytes)
    {
        Separator();
        Escaped(bytes);
    }

    /// <summary>An integer, in invariant digits.</summary>
    public void Value(long value)
    {
        Separator();
        Formatted(value, default);
    }

    /// <summary>A double in round-trip form; MySQL has no literal for infinities or NaN, so those are refused.</summary>
    public void Value(double value)
    {
        if (!double.IsFinite(value)) throw new InvalidDataException($"cannot write {value} for LOAD DATA");
        Separator();
        Formatted(value, "R");
    }

    /// <summary>A boolean as MySQL stores it: 1 or 0.</summary>
    public void Value(bool value)
    {
        Separator();
        Put(value ? (byte)'1' : (byte)'0');
    }

    /// <summary>
    /// A value as a MySQL reader returns it (null or DBNull as <c>\N</c>): DATETIME with its
    /// microseconds, numbers in invariant round-trip form, bytes escaped like text.
    /// </summary>
    public void Value(object? value)
    {
        switch (value)
        {
            case null or DBNull: Null(); break;
            case string s: Value(s); break;
            case bool b: Value(b); break;
            case double d: Value(d); break;
            case byte[] bytes: Value(bytes.AsSpan()); break;
            case DateTime d:
                Separator();
                Formatted(d, "yyyy-MM-dd HH:mm:ss.ffffff");
                break;
            case IUtf8SpanFormattable f:
                Separator();
                Formatted(f, default);
                break;
            default: Value(value.ToString()); break;
        }
    }

    public void EndRow()
    {
        Put((byte)'\n');
        firstInRow = true;
        Rows++;
    }

    /// <summary>Writes what is buffered to the stream and flushes it.</summary>
    public void Flush()
    {
        Drain();
        output.Flush();
    }

    void Separator()
    {
        if (!firstInRow) Put((byte)'\t');
        firstInRow = false;
    }

    /// <summary>The one escaping routine: copies the runs between bytes to escape in one call each.</summary>
    void Escaped(ReadOnlySpan<byte> bytes)
    {
        while (true)
        {
            var next = bytes.IndexOfAny(EscapedBytes);
            Raw(next < 0 ? bytes : bytes[..next]);
            if (next < 0) return;
            EnsureRoom(2);
            buffer[used++] = (byte)'\\';
            buffer[used++] = bytes[next] switch
            {
                (byte)'\\' => (byte)'\\',
                (byte)'\t' => (byte)'t',
                (byte)'\n' => (byte)'n',
                (byte)'\r' => (byte)'r',
                0 => (byte)'0',
                _ => (byte)'Z',
            };
            bytes = bytes[(next + 1)..];
        }
    }

    /// <summary>Copies bytes that need no escape, in pieces when they outgrow the buffer (a huge value).</summary>
    void Raw(ReadOnlySpan<byte> bytes)
    {
        while (bytes.Length > 0)
        {
            EnsureRoom(1);
            var n = Math.Min(bytes.Length, buffer.Length - used);
            bytes[..n].CopyTo(buffer.AsSpan(used));
            used += n;
            bytes = bytes[n..];
        }
    }

    void Formatted<T>(T value, ReadOnlySpan<char> format) where T : IUtf8SpanFormattable
    {
        EnsureRoom(Slack);
        if (!value.TryFormat(buffer.AsSpan(used), out var written, format, CultureInfo.InvariantCulture))
            throw new InvalidOperationException($"cannot format {value} for LOAD DATA");
        used += written;
    }

    void Put(byte b)
    {
        EnsureRoom(1);
        buffer[used++] = b;
    }

    void EnsureRoom(int bytes)
    {
        if (used + bytes > buffer.Length) Drain();
    }

    void Drain()
    {
        if (used == 0) return;
        output.Write(buffer, 0, used);
        used = 0;
    }
}
