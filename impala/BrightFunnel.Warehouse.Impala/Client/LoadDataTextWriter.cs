using System.Buffers;
using System.Globalization;
using System.Text;
using BrightFunnel.Warehouse.Impala.Types;

namespace BrightFunnel.Warehouse.Impala.Client;

/// <summary>
/// Writes fetched batches as text in MySQL's LOAD DATA default format — fields separated by tab,
/// rows ended by newline, NULL as <c>\N</c>, and <c>\\ \t \n \r \0 \Z</c> escaped — so a result
/// streams from Impala into <c>LOAD DATA LOCAL INFILE</c> without a row object in between.
/// Values are written straight from the wire lists; DATE and DECIMAL keep Impala's text, which
/// MySQL reads as is, and TIMESTAMP is cut to the microseconds MySQL can hold.
/// </summary>
public sealed class LoadDataTextWriter(Stream output, int bufferSize = 1 << 16)
{
    readonly byte[] buffer = new byte[Math.Max(bufferSize, 1024)];
    int used;

    public long RowsWritten { get; private set; }

    /// <summary>Writes every batch, then flushes; returns the number of rows written.</summary>
    public static async Task<long> WriteAllAsync(IAsyncEnumerable<Hs2Batch> batches, Stream output, CancellationToken ct = default)
    {
        var writer = new LoadDataTextWriter(output);
        await foreach (var batch in batches.WithCancellation(ct)) await writer.WriteAsync(batch, ct);
        await writer.FlushAsync(ct);
        return writer.RowsWritten;
    }

    public async Task WriteAsync(Hs2Batch batch, CancellationToken ct = default)
    {
        for (var r = 0; r < batch.RowCount; r++)
        {
            for (var c = 0; c < batch.Columns.Count; c++)
            {
                if (c > 0) Put((byte)'\t');
                Value(batch.Columns[c], r);
                if (used > buffer.Length - 256) await DrainAsync(ct);
            }
            Put((byte)'\n');
        }
        RowsWritten += batch.RowCount;
    }

    public async Task FlushAsync(CancellationToken ct = default)
    {
        await DrainAsync(ct);
        await output.FlushAsync(ct);
    }

    void Value(Hs2Column column, int row)
    {
        if (column.IsNull(row))
        {
            Put((byte)'\\');
            Put((byte)'N');
            return;
        }
        switch (column.Kind)
        {
            case Hs2WireKind.Boolean: Put(column.GetBoolean(row) ? (byte)'1' : (byte)'0'); break;
            case Hs2WireKind.Byte or Hs2WireKind.Int16 or Hs2WireKind.Int32 or Hs2WireKind.Int64:
                Formatted(column.GetInt64(row), default); break;
            case Hs2WireKind.Double: Number(column.GetDouble(row)); break;
            case Hs2WireKind.Binary: Escaped(column.GetBytes(row)); break;
            case Hs2WireKind.String when column.Info.Type.Kind == ImpalaTypeKind.Timestamp: Text(Microseconds(column.GetString(row))); break;
            default: Text(column.GetString(row)); break;
        }
    }

    /// <summary>Impala prints nanoseconds; MySQL keeps at most microseconds and may refuse more digits.</summary>
    static string Microseconds(string timestamp)
    {
        var dot = timestamp.IndexOf('.');
        return dot >= 0 && timestamp.Length - dot - 1 > 6 ? timestamp[..(dot + 7)] : timestamp;
    }

    void Number(double value)
    {
        // MySQL has no literal for infinities or NaN; those cannot be loaded faithfully.
        if (!double.IsFinite(value)) throw new InvalidDataException($"cannot write {value} for LOAD DATA");
        Formatted(value, "R");
    }

    void Formatted<T>(T value, ReadOnlySpan<char> format) where T : IUtf8SpanFormattable
    {
        if (!value.TryFormat(buffer.AsSpan(used), out var written, format, CultureInfo.InvariantCulture))
            throw new InvalidOperationException("LOAD DATA buffer overflow");
        used += written;
    }

    void Text(string value)
    {
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (max <= 1024 && NeedsNoEscape(value))
        {
            EnsureRoom(max);
            used += Encoding.UTF8.GetBytes(value, buffer.AsSpan(used));
            return;
        }
        var bytes = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var n = Encoding.UTF8.GetBytes(value, bytes);
            Escaped(bytes.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    static bool NeedsNoEscape(string value) => value.AsSpan().IndexOfAny("\\\t\n\r\0\u001a") < 0;

    void Escaped(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            byte? escape = b switch
            {
                (byte)'\\' => (byte)'\\',
                (byte)'\t' => (byte)'t',
                (byte)'\n' => (byte)'n',
                (byte)'\r' => (byte)'r',
                0 => (byte)'0',
                0x1a => (byte)'Z',
                _ => null,
            };
            EnsureRoom(2);
            if (escape is { } e)
            {
                buffer[used++] = (byte)'\\';
                buffer[used++] = e;
            }
            else buffer[used++] = b;
        }
    }

    void Put(byte b)
    {
        EnsureRoom(1);
        buffer[used++] = b;
    }

    /// <summary>Values longer than the buffer are flushed synchronously mid-value (rare: huge strings).</summary>
    void EnsureRoom(int bytes)
    {
        if (used + bytes <= buffer.Length) return;
        output.Write(buffer, 0, used);
        used = 0;
        if (bytes > buffer.Length) throw new InvalidOperationException("LOAD DATA value larger than the buffer");
    }

    async Task DrainAsync(CancellationToken ct)
    {
        if (used == 0) return;
        await output.WriteAsync(buffer.AsMemory(0, used), ct);
        used = 0;
    }
}
