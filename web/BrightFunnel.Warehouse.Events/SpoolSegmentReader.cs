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
    /// As <see cref="Read"/>, but located rather than decoded: each event's text fields stay UTF-8 bytes in the
    /// segment's buffer (what the lake's Parquet writer copies), so no string is made per value. Text that is not
    /// valid UTF-8 (the collector never writes it; an imported segment might) is mended in place, each invalid byte
    /// becoming '?', and counted: the lake's string columns must hold UTF-8.
    /// </summary>
    public static SpoolFields ReadFields(string path)
    {
        var (buffer, length) = ReadAll(path);
        try
        {
            var span = buffer.AsSpan(0, length);
            var fields = new SpoolFields(buffer, Math.Max(1, SpoolRecord.CountFrames(span)));
            var offset = 0;
            Span<int> starts = stackalloc int[SpoolRecord.TextFields];
            Span<int> lengths = stackalloc int[SpoolRecord.TextFields];
            while (offset < span.Length && SpoolRecord.TryLocate(span[offset..], starts, lengths, out var type, out var ts, out var consumed))
            {
                for (var i = 0; i < SpoolRecord.TextFields; i++)
                    starts[i] += offset;
                fields.Add(type, ts, starts, lengths);
                fields.MendedTexts += MendUtf8(span, offset, consumed, starts, lengths);
                offset += consumed;
            }
            fields.TornBytes = span.Length - offset;
            return fields;
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>Makes each located text valid UTF-8 in place ('?' for each byte of an invalid sequence); returns how many it changed.</summary>
    static int MendUtf8(Span<byte> segment, int frame, int frameLength, ReadOnlySpan<int> starts, ReadOnlySpan<int> lengths)
    {
        // One check of the frame's texts at once when every length prefix is one byte (below 0x80, so
        // neither part of nor completing a multi-byte character): valid then means each text is.
        var shortTexts = true;
        foreach (var length in lengths) shortTexts &= length < 127;
        var texts = frame + SpoolRecord.FrameHeader + 9;
        if (shortTexts && System.Text.Unicode.Utf8.IsValid(segment[texts..(frame + frameLength)])) return 0;
        var mended = 0;
        for (var i = 0; i < starts.Length; i++)
        {
            if (lengths[i] <= 0) continue;
            var text = segment.Slice(starts[i], lengths[i]);
            if (System.Text.Unicode.Utf8.IsValid(text)) continue;
            for (var at = 0; at < text.Length;)
            {
                var status = System.Text.Rune.DecodeFromUtf8(text[at..], out _, out var used);
                if (status != System.Buffers.OperationStatus.Done) text.Slice(at, used).Fill((byte)'?');
                at += used;
            }
            mended++;
        }
        return mended;
    }

    delegate T Decoder<T>(ReadOnlySpan<byte> segment);

    /// <summary>Decodes the whole file at <paramref name="path"/>; every text is copied out of the bytes, which are then reused.</summary>
    static T WithBytes<T>(string path, Decoder<T> decode)
    {
        var (buffer, length) = ReadAll(path);
        try { return decode(buffer.AsSpan(0, length)); }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
    }

    /// <summary>
    /// The whole file in a pooled buffer: on this machine a fresh array of a segment's size (170 MB) cost more in
    /// page faults (0.5 s to read the file into it, 0.3 s more to walk it) than decoding the events (0.45 s).
    /// </summary>
    static (byte[] Buffer, int Length) ReadAll(string path)
    {
        using var file = File.OpenHandle(path);
        var length = RandomAccess.GetLength(file);
        if (length > Array.MaxLength) throw new IOException($"{length} bytes: larger than a spool segment can be");
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
            return (buffer, read);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }
}

/// <summary>
/// A segment's events, located (<see cref="SpoolSegmentReader.ReadFields"/>): <see cref="Types"/>, <see cref="Timestamps"/>,
/// and where each text field lies in <see cref="Bytes"/> (<see cref="WebEvent"/>'s order: event id, visitor id, url,
/// host, path, title, referrer, referrer host, the five UTM values, email hash). Owns the pooled buffer: dispose it.
/// </summary>
public sealed class SpoolFields : IDisposable
{
    /// <summary>The text fields of <see cref="WebEvent"/>, in its order.</summary>
    public const int TextFields = 14;

    int capacity;
    int[] starts, lengths;

    public byte[] Bytes { get; private set; }
    public int Count { get; private set; }
    public long TornBytes { get; internal set; }

    /// <summary>Texts that were not valid UTF-8 and were mended ('?' for each invalid byte).</summary>
    public int MendedTexts { get; internal set; }

    public WebEventType[] Types { get; private set; }
    public long[] Timestamps { get; private set; }

    internal SpoolFields(byte[] bytes, int capacity)
    {
        Bytes = bytes;
        this.capacity = capacity;
        Types = new WebEventType[capacity];
        Timestamps = new long[capacity];
        starts = new int[TextFields * capacity];
        lengths = new int[TextFields * capacity];
    }

    /// <summary>
    /// The first event whose type is neither page nor identify, said as an error names it ("event 4 has type 7: …");
    /// null when every event has a known type. What the shipper and <c>bfw events import</c> refuse a segment for.
    /// </summary>
    public string? UnknownType()
    {
        var odd = Array.FindIndex(Types, 0, Count, t => t is not (WebEventType.Page or WebEventType.Identify));
        return odd < 0 ? null : $"event {odd + 1} has type {(int)Types[odd]}: neither page (1) nor identify (2)";
    }

    /// <summary>Where field <paramref name="field"/> of event <paramref name="row"/> starts in <see cref="Bytes"/>.</summary>
    public int Start(int field, int row) => starts[field * capacity + row];

    /// <summary>Its length in bytes, or -1 when it is null.</summary>
    public int Length(int field, int row) => lengths[field * capacity + row];

    internal void Add(WebEventType type, long ts, ReadOnlySpan<int> fieldStarts, ReadOnlySpan<int> fieldLengths)
    {
        if (Count == capacity) throw new InvalidOperationException("more frames than counted"); // CountFrames counts every whole frame
        Types[Count] = type;
        Timestamps[Count] = ts;
        for (var i = 0; i < TextFields; i++)
        {
            starts[i * capacity + Count] = fieldStarts[i];
            lengths[i * capacity + Count] = fieldLengths[i];
        }
        Count++;
    }

    public void Dispose()
    {
        if (Bytes.Length == 0) return;
        ArrayPool<byte>.Shared.Return(Bytes);
        Bytes = [];
    }
}
