using System.Runtime.InteropServices;
using BrightFunnel.Warehouse.Events;
using BrightFunnel.Warehouse.Impala.Types;
using ParquetSharp;

namespace BrightFunnel.Warehouse.Orchestrator.Events;

/// <summary>
/// Writes web events as one Parquet file in the lake's columns (lower snake_case, the decided shape of
/// <c>web_events</c>), a row group per <c>rowGroupSize</c> events. The events come located in their spool
/// segment (<see cref="SpoolFields"/>): each text value goes to the file as the UTF-8 bytes the collector wrote,
/// pointed at in the pinned segment buffer, never made a string. The writer is Arrow's C++ one (ParquetSharp):
/// at L it ships 2.8 times as fast as a managed writer fed strings (docs/decisions/event-lake-parquet.md).
/// The file is what every Impala reads: format 1.0 (PLAIN_DICTIONARY pages, which Impala before 4.0 needs),
/// data pages v1, Snappy; dictionaries where they pay (hosts, paths, UTM values, titles), plain otherwise.
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
    /// Where each lake column comes from: a text field of <see cref="SpoolFields"/>, or <see cref="EventType"/> /
    /// <see cref="EventTs"/> for the two that are not text fields of the spool.
    /// </summary>
    const int EventType = -1, EventTs = -2;
    static readonly int[] Sources = [0, 1, EventType, EventTs, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];

    static Column[] Schema() => Columns.Select(c => c.Name == "event_ts" ? (Column)new Column<long?>(c.Name) : new Column<string>(c.Name)).ToArray();

    /// <summary>The event types' names as the lake holds them, in pinned memory the writer can point at.</summary>
    static readonly byte[] TypeBytes = GC.AllocateArray<byte>(12, pinned: true);
    static readonly (int Start, int Length)[] TypeSlots = new (int, int)[3];

    static WebEventParquet()
    {
        var at = 0;
        foreach (var type in new[] { WebEventType.Page, WebEventType.Identify })
        {
            var name = System.Text.Encoding.ASCII.GetBytes(TypeName(type));
            name.CopyTo(TypeBytes, at);
            TypeSlots[(int)type] = (at, name.Length);
            at += name.Length;
        }
    }

    public static string TypeName(WebEventType type) => type switch
    {
        WebEventType.Page => "page",
        WebEventType.Identify => "identify",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a web event type"),
    };

    /// <summary>
    /// Writes the events at <paramref name="rows"/> of <paramref name="events"/>, in that order. Every event's type
    /// is page or identify (the caller refuses a segment with another: <see cref="SpoolFields.UnknownType"/>).
    /// </summary>
    public static void Write(SpoolFields events, ReadOnlySpan<int> rows, Stream stream, int rowGroupSize)
    {
        rowGroupSize = Math.Max(1, rowGroupSize);
        var pin = GCHandle.Alloc(events.Bytes, GCHandleType.Pinned);
        try
        {
            var bytes = pin.AddrOfPinnedObject();
            var types = Marshal.UnsafeAddrOfPinnedArrayElement(TypeBytes, 0);
            using var properties = new WriterPropertiesBuilder()
                .Version(ParquetVersion.PARQUET_1_0).DataPageVersion(ParquetDataPageVersion.V1).Compression(Compression.Snappy)
                .DisableDictionary("event_id").DisableDictionary("event_ts")
                .CreatedBy("bfw events ship").Build();
            using var file = new ParquetFileWriter(stream, Schema(), LogicalTypeFactory.Default, properties, null, leaveOpen: true);
            var length = Math.Min(rowGroupSize, Math.Max(rows.Length, 1));
            var levels = new short[length];
            var values = new ByteArray[length];
            var stamps = new long[length];
            for (var first = 0; first < rows.Length; first += rowGroupSize)
            {
                var group = rows.Slice(first, Math.Min(rowGroupSize, rows.Length - first));
                var n = group.Length;
                using var rowGroup = file.AppendRowGroup();
                for (var c = 0; c < Sources.Length; c++)
                {
                    using var column = rowGroup.NextColumn();
                    switch (Sources[c])
                    {
                        case EventTs:
                            for (var r = 0; r < n; r++) { levels[r] = 1; stamps[r] = events.Timestamps[group[r]]; }
                            ((ColumnWriter<long>)column).WriteBatch(n, levels.AsSpan(0, n), default, stamps.AsSpan(0, n));
                            break;
                        case EventType:
                            for (var r = 0; r < n; r++)
                            {
                                var type = events.Types[group[r]];
                                levels[r] = 1;
                                values[r] = new ByteArray(types + TypeSlots[(int)type].Start, TypeSlots[(int)type].Length);
                            }
                            ((ColumnWriter<ByteArray>)column).WriteBatch(n, levels.AsSpan(0, n), default, values.AsSpan(0, n));
                            break;
                        case var field:
                            var present = 0;
                            for (var r = 0; r < n; r++)
                            {
                                var size = events.Length(field, group[r]);
                                if (size < 0) { levels[r] = 0; continue; }
                                levels[r] = 1;
                                values[present++] = new ByteArray(bytes + events.Start(field, group[r]), size);
                            }
                            ((ColumnWriter<ByteArray>)column).WriteBatch(n, levels.AsSpan(0, n), default, values.AsSpan(0, present));
                            break;
                    }
                }
            }
            file.Close();
        }
        finally
        {
            pin.Free();
        }
    }
}
