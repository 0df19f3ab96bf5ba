namespace BrightFunnel.Warehouse.Events;

/// <summary>What a segment held: its whole events, and how many bytes of torn tail followed them.</summary>
public sealed record SpoolSegment(IReadOnlyList<WebEvent> Events, long TornBytes);

/// <summary>Reads a spool segment: every whole frame up to the first torn one.</summary>
public static class SpoolSegmentReader
{
    public static SpoolSegment Read(string path)
    {
        var data = File.ReadAllBytes(path);
        var events = new List<WebEvent>(data.Length / 120);
        var span = data.AsSpan();
        var offset = 0;
        var strings = new SpoolStrings();
        while (offset < span.Length && SpoolRecord.TryRead(span[offset..], strings, out var e, out var consumed))
        {
            events.Add(e!);
            offset += consumed;
        }
        return new SpoolSegment(events, span.Length - offset);
    }
}
