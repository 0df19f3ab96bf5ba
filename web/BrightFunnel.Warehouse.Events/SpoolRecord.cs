using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace BrightFunnel.Warehouse.Events;

/// <summary>
/// One event in a spool segment: a frame of [payload length: u32 LE][CRC-32 of the payload: u32 LE][payload].
/// The payload is the event type (1 byte), the timestamp (i64 LE), then the 15 text fields in
/// <see cref="WebEvent"/>'s order, each as a varint of (UTF-8 length + 1) followed by the bytes; 0 is null.
/// A frame that is cut short or fails its CRC marks the torn tail of a segment whose writer died
/// before its fsync: nothing after it was ever acknowledged.
/// </summary>
public static class SpoolRecord
{
    public const int FrameHeader = 8;

    public static void Write(WebEvent e, ArrayBufferWriter<byte> output)
    {
        var start = output.WrittenCount;
        output.GetSpan(FrameHeader)[..FrameHeader].Clear();
        output.Advance(FrameHeader);
        var fixedPart = output.GetSpan(9);
        fixedPart[0] = (byte)e.Type;
        BinaryPrimitives.WriteInt64LittleEndian(fixedPart[1..], e.Timestamp);
        output.Advance(9);
        foreach (var text in Texts(e)) WriteText(output, text);
        var length = output.WrittenCount - start - FrameHeader;
        // GetSpan may have moved the buffer since: find the header again through WrittenMemory.
        var frame = System.Runtime.InteropServices.MemoryMarshal.AsMemory(output.WrittenMemory).Span[start..];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)length);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[4..], Crc32.Compute(frame[FrameHeader..]));
    }

    /// <summary>Reads the frame at the start of <paramref name="data"/>; false when it is torn (short or failing its CRC).</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out WebEvent? e, out int consumed) => TryRead(data, null, out e, out consumed);

    /// <summary>
    /// As <see cref="TryRead(ReadOnlySpan{byte}, out WebEvent?, out int)"/>, taking the repetitive fields (hosts, paths,
    /// titles, UTM values) from <paramref name="strings"/>, so a segment of a million events holds each once.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> data, SpoolStrings? strings, out WebEvent? e, out int consumed)
    {
        e = null;
        var t = new string?[TextFields];
        if (!TryDecode(data, strings, t, out var type, out var ts, out consumed)) return false;
        e = new WebEvent
        {
            Type = type, Timestamp = ts, EventId = t[0]!, VisitorId = t[1]!, Url = t[2], Host = t[3], Path = t[4], Title = t[5],
            Referrer = t[6], ReferrerHost = t[7], UtmSource = t[8], UtmMedium = t[9], UtmCampaign = t[10], UtmTerm = t[11],
            UtmContent = t[12], EmailHash = t[13],
        };
        return true;
    }

    /// <summary>How many frames <paramref name="data"/> holds by their lengths alone (no CRC): at least the whole ones, to size arrays by.</summary>
    public static int CountFrames(ReadOnlySpan<byte> data)
    {
        var frames = 0;
        for (var offset = 0; data.Length - offset >= FrameHeader; frames++)
        {
            var length = BinaryPrimitives.ReadUInt32LittleEndian(data[offset..]);
            if (length > data.Length - offset - FrameHeader) break;
            offset += FrameHeader + (int)length;
        }
        return frames;
    }

    /// <summary>The text fields of a frame: <see cref="WebEvent"/>'s 14 in order, then one kept for later (always null).</summary>
    public const int TextFields = 15;

    /// <summary>
    /// Decodes the frame at the start of <paramref name="data"/> into <paramref name="texts"/> (<see cref="TextFields"/>
    /// of them, <see cref="WebEvent"/>'s order) without making a <see cref="WebEvent"/>.
    /// False when it is torn (short or failing its CRC); then <paramref name="texts"/> holds garbage.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> data, SpoolStrings? strings, Span<string?> texts, out WebEventType type, out long ts, out int consumed)
    {
        Span<int> starts = stackalloc int[TextFields];
        Span<int> lengths = stackalloc int[TextFields];
        if (!TryLocate(data, starts, lengths, out type, out ts, out consumed)) return false;
        for (var i = 0; i < TextFields; i++)
        {
            if (lengths[i] < 0) { texts[i] = null; continue; }
            var utf8 = data.Slice(starts[i], lengths[i]);
            texts[i] = Repetitive(i) && strings is not null ? strings.Get(utf8) : Encoding.UTF8.GetString(utf8);
        }
        return true;
    }

    /// <summary>
    /// Finds the frame's text fields at the start of <paramref name="data"/> without decoding them: field i is
    /// <c>data[starts[i]..(starts[i] + lengths[i])]</c>, UTF-8 as written, or null when <c>lengths[i]</c> is -1.
    /// What the lake's Parquet writer reads: the bytes go to the file as they are, no string per value.
    /// False when the frame is torn (short or failing its CRC) or lacks its event id or visitor id.
    /// </summary>
    public static bool TryLocate(ReadOnlySpan<byte> data, Span<int> starts, Span<int> lengths, out WebEventType type, out long ts, out int consumed)
    {
        type = default;
        ts = 0;
        consumed = 0;
        if (data.Length < FrameHeader) return false;
        var length = BinaryPrimitives.ReadUInt32LittleEndian(data);
        if (length < 9 || length > data.Length - FrameHeader) return false;
        var payload = data.Slice(FrameHeader, (int)length);
        if (Crc32.Compute(payload) != BinaryPrimitives.ReadUInt32LittleEndian(data[4..])) return false;
        type = (WebEventType)payload[0];
        ts = BinaryPrimitives.ReadInt64LittleEndian(payload[1..]);
        var at = FrameHeader + 9;
        var end = FrameHeader + (int)length;
        for (var i = 0; i < TextFields; i++)
        {
            uint value = 0;
            var shift = 0;
            while (true)
            {
                if (at >= end || shift > 28) return false;
                var b = data[at++];
                value |= (uint)(b & 0x7f) << shift;
                if (b < 0x80) break;
                shift += 7;
            }
            if (value == 0) { starts[i] = at; lengths[i] = -1; continue; }
            var text = (int)(value - 1);
            if (text > end - at) return false;
            starts[i] = at;
            lengths[i] = text;
            at += text;
        }
        if (lengths[0] < 0 || lengths[1] < 0) return false;
        consumed = end;
        return true;
    }

    private static string?[] Texts(WebEvent e) =>
        [e.EventId, e.VisitorId, e.Url, e.Host, e.Path, e.Title, e.Referrer, e.ReferrerHost,
         e.UtmSource, e.UtmMedium, e.UtmCampaign, e.UtmTerm, e.UtmContent, e.EmailHash, null];

    private static void WriteText(ArrayBufferWriter<byte> output, string? text)
    {
        if (text is null) { WriteVarint(output, 0); return; }
        var bytes = Encoding.UTF8.GetByteCount(text);
        WriteVarint(output, (uint)bytes + 1);
        Encoding.UTF8.GetBytes(text, output.GetSpan(bytes));
        output.Advance(bytes);
    }

    private static void WriteVarint(ArrayBufferWriter<byte> output, uint value)
    {
        var span = output.GetSpan(5);
        var n = 0;
        while (value >= 0x80) { span[n++] = (byte)(value | 0x80); value >>= 7; }
        span[n++] = (byte)value;
        output.Advance(n);
    }

    /// <summary>host, path, title, referrer_host and the five UTM values: few distinct values, read millions of times.</summary>
    private static bool Repetitive(int field) => field is 3 or 4 or 5 or >= 7 and <= 12;
}

/// <summary>
/// One reader's table of the texts it has seen, keyed by their UTF-8 bytes: a repeated text is
/// found by hashing its bytes (no decoding to UTF-16 first) and not allocated again. Bounded, so a
/// stream of unique values only stops being shared.
/// </summary>
public sealed class SpoolStrings
{
    private const int MaxLength = 256, MaxEntries = 200_000;
    private Entry[] _table = new Entry[1024];
    private int _count;

    private struct Entry
    {
        public ulong Hash;
        public byte[]? Key;
        public string Value;
    }

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxLength) return Encoding.UTF8.GetString(utf8);
        var hash = System.IO.Hashing.XxHash3.HashToUInt64(utf8);
        var mask = _table.Length - 1;
        for (var i = (int)hash & mask; ; i = (i + 1) & mask)
        {
            ref var entry = ref _table[i];
            if (entry.Key is null)
            {
                var text = Encoding.UTF8.GetString(utf8);
                if (_count >= MaxEntries) return text;
                entry = new Entry { Hash = hash, Key = utf8.ToArray(), Value = text };
                if (++_count * 2 > _table.Length) Grow();
                return text;
            }
            if (entry.Hash == hash && utf8.SequenceEqual(entry.Key)) return entry.Value;
        }
    }

    private void Grow()
    {
        var old = _table;
        _table = new Entry[old.Length * 2];
        var mask = _table.Length - 1;
        foreach (var entry in old)
        {
            if (entry.Key is null) continue;
            var i = (int)entry.Hash & mask;
            while (_table[i].Key is not null) i = (i + 1) & mask;
            _table[i] = entry;
        }
    }
}

/// <summary>CRC-32 (IEEE, as zlib): enough to tell a torn frame from a whole one.</summary>
static class Crc32
{
    public static uint Compute(ReadOnlySpan<byte> data) => System.IO.Hashing.Crc32.HashToUInt32(data);
}
