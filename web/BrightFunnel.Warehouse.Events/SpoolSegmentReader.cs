using System.Buffers;

namespace BrightFunnel.Warehouse.Events;

/// <summary>What a segment held: its whole events, and how many bytes of torn tail followed them.</summary>
public sealed record SpoolSegment(IReadOnlyList<WebEvent> Events, long TornBytes);

/// <summary>Reads a spool segment: every whole frame up to the first torn one.</summary>
public static class SpoolSegmentReader
{
    public static SpoolSegment Read(string path) => WithBytes(path, DecodeEvents);

    static SpoolSegment DecodeEvents(ReadOnlySpan<byte> span)
    {
        var events = new List<WebEvent>(span.Length / 120);
        var offset = 0;
        var strings = new SpoolStrings();
        while (offset < span.Length && SpoolRecord.TryRead(span[offset..], strings, out var e, out var consumed))
        {
            events.Add(e!);
            offset += consumed;
        }
        return new SpoolSegment(events, span.Length - offset);
    }

    /// <summary>
    /// As <see cref="Read"/>, but column by column: no <see cref="WebEvent"/> per event, each field straight
    /// into an array of its own (what the lake's Parquet writer takes).
    /// </summary>
    public static SpoolColumns ReadColumns(string path) => WithBytes(path, DecodeColumns);

    delegate T Decoder<T>(ReadOnlySpan<byte> segment);

    /// <summary>Decodes the whole file at <paramref name="path"/>; every text is copied out of the bytes, which are then reused.</summary>
    static T WithBytes<T>(string path, Decoder<T> decode)
    {
        using var file = File.OpenHandle(path);
        var length = RandomAccess.GetLength(file);
        if (length > Array.MaxLength) throw new IOException($"{length} bytes: larger than a spool segment can be");
        // A pooled buffer: on this machine a fresh array of a segment's size (170 MB) cost more in page
        // faults (0.5 s to read the file into it, 0.3 s more to walk it) than decoding the events (0.45 s).
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(1, length));
        try
        {
            var read = 0;
            while (read < length)
            {
                var n = RandomAccess.Read(file, buffer.AsSpan(read, (int)length - read), read);
                if (n == 0) break; // shorter than it said: what was read is the segment
                read += n;
            }
            return decode(buffer.AsSpan(0, read));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    static SpoolColumns DecodeColumns(ReadOnlySpan<byte> span)
    {
        var columns = new SpoolColumns(Math.Max(1, SpoolRecord.CountFrames(span)));
        var offset = 0;
        var strings = new SpoolStrings();
        var texts = new string?[SpoolRecord.TextFields];
        while (offset < span.Length && SpoolRecord.TryDecode(span[offset..], strings, texts, out var type, out var ts, out var consumed))
        {
            columns.Add(type, ts, texts);
            offset += consumed;
        }
        columns.TornBytes = span.Length - offset;
        return columns;
    }
}

/// <summary>
/// A segment's events as columns: <see cref="Types"/>, <see cref="Timestamps"/> and one array per text field
/// (<see cref="Texts"/>, <see cref="WebEvent"/>'s order: event id, visitor id, url, host, path, title, referrer,
/// referrer host, the five UTM values, email hash). The arrays may be longer than <see cref="Count"/>.
/// </summary>
public sealed class SpoolColumns
{
    /// <summary>The text fields of <see cref="WebEvent"/>, in its order.</summary>
    public const int TextFields = 14;

    public int Count { get; private set; }
    public long TornBytes { get; set; }
    public WebEventType[] Types { get; private set; }
    public long[] Timestamps { get; private set; }
    public string?[][] Texts { get; }

    public SpoolColumns(int capacity)
    {
        Types = new WebEventType[capacity];
        Timestamps = new long[capacity];
        Texts = new string?[TextFields][];
        for (var i = 0; i < TextFields; i++) Texts[i] = new string?[capacity];
    }

    /// <summary>The events at <paramref name="rows"/>, in that order, as columns of their own.</summary>
    public SpoolColumns Take(ReadOnlySpan<int> rows)
    {
        var taken = new SpoolColumns(Math.Max(1, rows.Length)) { Count = rows.Length };
        for (var r = 0; r < rows.Length; r++)
        {
            taken.Types[r] = Types[rows[r]];
            taken.Timestamps[r] = Timestamps[rows[r]];
        }
        for (var i = 0; i < TextFields; i++)
        {
            var from = Texts[i];
            var to = taken.Texts[i];
            for (var r = 0; r < rows.Length; r++) to[r] = from[rows[r]];
        }
        return taken;
    }

    internal void Add(WebEventType type, long ts, string?[] texts)
    {
        if (Count == Timestamps.Length) Grow();
        Types[Count] = type;
        Timestamps[Count] = ts;
        for (var i = 0; i < TextFields; i++) Texts[i][Count] = texts[i];
        Count++;
    }

    void Grow()
    {
        var capacity = Timestamps.Length * 2;
        Types = Resize(Types, capacity);
        Timestamps = Resize(Timestamps, capacity);
        for (var i = 0; i < TextFields; i++) Texts[i] = Resize(Texts[i], capacity);
    }

    static T[] Resize<T>(T[] array, int capacity)
    {
        Array.Resize(ref array, capacity);
        return array;
    }
}
