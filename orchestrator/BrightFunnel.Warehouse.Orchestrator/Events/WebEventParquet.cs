using BrightFunnel.Warehouse.Events;
using BrightFunnel.Warehouse.Impala.Types;
using Parquet;
using Parquet.Schema;

namespace BrightFunnel.Warehouse.Orchestrator.Events;

/// <summary>
/// Writes web events as one Parquet file in the lake's columns (lower snake_case, the decided
/// shape of <c>web_events</c>), a row group per <c>rowGroupSize</c> events. The events come as
/// columns (<see cref="SpoolColumns"/>, decoded straight from the spool), so each Parquet column
/// of a row group is written once from a slice of its array, with no object per event. Strings
/// are plain UTF-8 columns: Parquet.Net dictionary-encodes the repetitive ones (hosts, paths, UTM
/// values, titles) on its own, which is most of them; pages are Snappy-compressed (its default,
/// which Impala and the local engine read; its Zstd and LZ4 are 15–60 times slower).
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

    /// <summary>
    /// Where each lake column comes from: <see cref="SpoolColumns.Texts"/>' index, or <see cref="EventType"/> /
    /// <see cref="EventTs"/> for the two that are not text fields of the spool.
    /// </summary>
    const int EventType = -1, EventTs = -2;
    static readonly int[] Sources = [0, 1, EventType, EventTs, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];

    static readonly DataField[] Fields = Columns.Select(c => c.Name == "event_ts" ? new DataField<long?>(c.Name) : (DataField)new DataField<string>(c.Name, nullable: true)).ToArray();
    static readonly ParquetSchema Schema = new(Fields);

    public static string TypeName(WebEventType type) => type switch
    {
        WebEventType.Page => "page",
        WebEventType.Identify => "identify",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a web event type"),
    };

    /// <summary>Writes the first <see cref="SpoolColumns.Count"/> events of <paramref name="events"/>.</summary>
    public static async Task WriteAsync(SpoolColumns events, Stream stream, int rowGroupSize, CancellationToken ct)
    {
        rowGroupSize = Math.Max(1, rowGroupSize);
        await using var writer = await ParquetWriter.CreateAsync(Schema, stream, null, false, ct);
        var length = Math.Min(rowGroupSize, Math.Max(events.Count, 1));
        var types = new string?[length];
        var stamps = new long?[length];
        for (var start = 0; start < events.Count; start += rowGroupSize)
        {
            var count = Math.Min(rowGroupSize, events.Count - start);
            using var group = writer.CreateRowGroup();
            for (var c = 0; c < Fields.Length; c++)
            {
                ct.ThrowIfCancellationRequested();
                switch (Sources[c])
                {
                    case EventTs:
                        for (var i = 0; i < count; i++) stamps[i] = events.Timestamps[start + i];
                        await group.WriteAsync(Fields[c], new ReadOnlyMemory<long?>(stamps, 0, count), null, null, ct);
                        break;
                    case EventType:
                        for (var i = 0; i < count; i++) types[i] = TypeName(events.Types[start + i]);
                        await group.WriteAsync(Fields[c], new ArraySegment<string?>(types, 0, count)!, null);
                        break;
                    case var text:
                        await group.WriteAsync(Fields[c], new ArraySegment<string?>(events.Texts[text], start, count)!, null);
                        break;
                }
            }
        }
    }
}
