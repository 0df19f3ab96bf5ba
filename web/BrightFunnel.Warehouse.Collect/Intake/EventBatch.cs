using System.Text.Json;
using BrightFunnel.Warehouse.Events;

namespace BrightFunnel.Warehouse.Collect.Intake;

/// <summary>
/// The body of <c>POST /e/v1/&lt;site-key&gt;</c>, as bf.js sends it:
/// <code>{"sent": ms, "events": [{"id", "visitor", "type": "page"|"identify", "ts": ms, "url", "referrer", "title", "email"|"emailHash"}]}</code>
/// Times are the browser's epoch milliseconds; with <c>sent</c> (the browser's clock when it sent)
/// they are moved onto the collector's clock, so a visitor's wrong clock does not misdate events.
/// An identify's email is hashed here, on arrival (<see cref="EmailHashing"/>); an already hashed
/// value is kept. Every rule broken is a <see cref="BadBatchException"/> naming the event and field.
/// </summary>
public static class EventBatch
{
    const int MaxIdLength = 64, MaxUrlLength = 2048, MaxTitleLength = 512, MaxEmailLength = 254;
    static readonly TimeSpan MaxAge = TimeSpan.FromDays(30), MaxAhead = TimeSpan.FromDays(1);

    public static IReadOnlyList<WebEvent> Parse(ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 8 });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw new BadBatchException($"the body is not JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new BadBatchException("the body must be an object {\"events\": [...]}");
            if (!root.TryGetProperty("events", out var list) || list.ValueKind != JsonValueKind.Array)
                throw new BadBatchException("the body has no \"events\" array");
            if (list.GetArrayLength() == 0) throw new BadBatchException("\"events\" is empty");
            var nowMs = now.ToUnixTimeMilliseconds();
            long skew = 0;
            if (root.TryGetProperty("sent", out var sent))
                skew = nowMs - (sent.ValueKind == JsonValueKind.Number && sent.TryGetInt64(out var s) && s > 0 ? s
                    : throw new BadBatchException("\"sent\" must be the browser's time in epoch milliseconds"));
            var events = new List<WebEvent>(list.GetArrayLength());
            var index = 0;
            foreach (var item in list.EnumerateArray()) events.Add(Event(item, index++, skew, nowMs));
            return events;
        }
    }

    static WebEvent Event(JsonElement e, int index, long skew, long nowMs)
    {
        BadBatchException Bad(string field, string rule) => new($"event {index}: \"{field}\" {rule}");
        if (e.ValueKind != JsonValueKind.Object) throw new BadBatchException($"event {index}: must be an object");
        string? Text(string field, int max, bool required = false)
        {
            if (!e.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null)
                return required ? throw Bad(field, "is missing") : null;
            if (v.ValueKind != JsonValueKind.String) throw Bad(field, "must be a string");
            var text = v.GetString()!;
            if (required && text.Length == 0) throw Bad(field, "is empty");
            if (text.Length > max) throw Bad(field, $"is longer than {max} characters");
            if (text.Any(char.IsControl)) throw Bad(field, "holds control characters");
            return text.Length == 0 ? null : text;
        }
        var id = Text("id", MaxIdLength, required: true)!;
        var visitor = Text("visitor", MaxIdLength, required: true)!;
        if (!e.TryGetProperty("ts", out var t) || t.ValueKind != JsonValueKind.Number || !t.TryGetInt64(out var ts))
            throw Bad("ts", "must be epoch milliseconds");
        ts += skew;
        if (ts < nowMs - (long)MaxAge.TotalMilliseconds || ts > nowMs + (long)MaxAhead.TotalMilliseconds)
            throw Bad("ts", $"is more than {MaxAge.TotalDays:0} days before or {MaxAhead.TotalDays:0} day after the collector's clock");
        var url = EmailScrubber.Scrub(Text("url", MaxUrlLength));
        switch (Text("type", 16, required: true))
        {
            case "page":
                return WebEvent.PageView(id, visitor, ts, url, EmailScrubber.Scrub(Text("referrer", MaxUrlLength)), EmailScrubber.Scrub(Text("title", MaxTitleLength)));
            case "identify":
                return WebEvent.Identify(id, visitor, ts, EmailHash(Text("email", MaxEmailLength), Text("emailHash", 64), Bad), url);
            default:
                throw Bad("type", "must be \"page\" or \"identify\"");
        }
    }

    /// <summary>The hash of the email, or the hash given; never echoes either in an error.</summary>
    static string EmailHash(string? email, string? hash, Func<string, string, BadBatchException> bad)
    {
        if (email is not null)
        {
            var trimmed = email.Trim();
            if (EmailHashing.IsHash(trimmed.ToLowerInvariant())) return trimmed.ToLowerInvariant();
            var at = trimmed.IndexOf('@');
            if (at <= 0 || at == trimmed.Length - 1 || trimmed.Any(char.IsWhiteSpace)) throw bad("email", "is not an email address");
            return EmailHashing.Hash(trimmed);
        }
        if (hash is not null)
            return EmailHashing.IsHash(hash.ToLowerInvariant()) ? hash.ToLowerInvariant() : throw bad("emailHash", "must be 64 hex characters (SHA-256)");
        throw bad("email", "is missing (an identify event needs \"email\" or \"emailHash\")");
    }
}
