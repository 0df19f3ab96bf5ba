using BrightFunnel.Warehouse.Events;
using BrightFunnel.Warehouse.Impala.Types;
using Parquet;
using Parquet.Schema;

namespace BrightFunnel.Warehouse.Orchestrator.Events;

/// <summary>
/// Writes web events as one Parquet file in the lake's columns (lower snake_case, the decided
/// shape of <c>web_events</c>), a row group per <c>rowGroupSize</c> events. Strings are plain
/// UTF-8 columns: Parquet.Net dictionary-encodes the repetitive ones (hosts, paths, UTM values,
/// titles) on its own, which is most of them.
/// </summary>
public static class WebEventParquet
{
    public static readonly IReadOnlyList<LakeColumn> Columns =
    [
        new("event_id", ImpalaType.String), new("visitor_id", ImpalaType.String), new("event_type", ImpalaType.String),
        new("event_ts", ImpalaType.BigInt), new("url", ImpalaType.String), new("host", ImpalaType.String),
        new("path", ImpalaType.String), new("title", ImpalaType.String), new("referrer", ImpalaType.String),
        new("referrer_host", ImpalaType.String), new("utm_source", ImpalaType.String), new("utm_medium", ImpalaType.String),
        new("utm_campaign", ImpalaType.String), new("utm_term", ImpalaType.String), new("utm_content", ImpalaType.String),
        new("email_hash", ImpalaType.String),
    ];

    /// <summary>The text columns in order, each with how to read it from an event (event_ts is written apart).</summary>
    static readonly (string Name, Func<WebEvent, string?> Value)[] Texts =
    [
        ("event_id", e => e.EventId), ("visitor_id", e => e.VisitorId), ("event_type", e => TypeName(e.Type)),
        ("url", e => e.Url), ("host", e => e.Host), ("path", e => e.Path), ("title", e => e.Title),
        ("referrer", e => e.Referrer), ("referrer_host", e => e.ReferrerHost), ("utm_source", e => e.UtmSource),
        ("utm_medium", e => e.UtmMedium), ("utm_campaign", e => e.UtmCampaign), ("utm_term", e => e.UtmTerm),
        ("utm_content", e => e.UtmContent), ("email_hash", e => e.EmailHash),
    ];

    static readonly DataField<long?> Timestamp = new("event_ts");
    static readonly Dictionary<string, DataField> TextFields = Texts.ToDictionary(t => t.Name, t => (DataField)new DataField<string>(t.Name, nullable: true));
    static readonly ParquetSchema Schema = new(Columns.Select(c => c.Name == "event_ts" ? Timestamp : TextFields[c.Name]).ToArray());

    public static string TypeName(WebEventType type) => type switch
    {
        WebEventType.Page => "page",
        WebEventType.Identify => "identify",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a web event type"),
    };

    public static async Task WriteAsync(IReadOnlyList<WebEvent> events, Stream stream, int rowGroupSize, CancellationToken ct)
    {
        await using var writer = await ParquetWriter.CreateAsync(Schema, stream, null, false, ct);
        var texts = new string?[Math.Min(rowGroupSize, Math.Max(events.Count, 1))];
        var stamps = new long?[texts.Length];
        for (var start = 0; start < events.Count; start += rowGroupSize)
        {
            var count = Math.Min(rowGroupSize, events.Count - start);
            using var group = writer.CreateRowGroup();
            foreach (var column in Columns)
            {
                ct.ThrowIfCancellationRequested();
                if (column.Name == "event_ts")
                {
                    for (var i = 0; i < count; i++) stamps[i] = events[start + i].Timestamp;
                    await group.WriteAsync(Timestamp, new ReadOnlyMemory<long?>(stamps, 0, count), null, null, ct);
                    continue;
                }
                var value = Texts.First(t => t.Name == column.Name).Value;
                for (var i = 0; i < count; i++) texts[i] = value(events[start + i]);
                await group.WriteAsync(TextFields[column.Name], new ArraySegment<string?>(texts, 0, count)!, null);
            }
        }
    }
}
