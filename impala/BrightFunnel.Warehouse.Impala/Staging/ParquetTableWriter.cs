using System.Data.Common;
using BrightFunnel.Warehouse.Impala.Types;
using Parquet;
using Parquet.Schema;

namespace BrightFunnel.Warehouse.Impala.Staging;

/// <summary>
/// Streams rows from a data reader into Parquet files that Impala (and the local engine) read:
/// one row group per <see cref="RowGroupSize"/> rows, a new file every <see cref="MaxRowsPerFile"/>
/// rows. Memory stays at one row group, whatever the table's size.
/// </summary>
public sealed class ParquetTableWriter(IReadOnlyList<StagedColumn> columns)
{
    public IReadOnlyList<StagedColumn> Columns { get; } = columns;

    public int RowGroupSize { get; init; } = 100_000;

    public long MaxRowsPerFile { get; init; } = 5_000_000;

    /// <summary>Impala columns for a reader's fields: names lower-cased, types from the CLR types (and DECIMAL precision from the schema).</summary>
    public static IReadOnlyList<StagedColumn> ColumnsOf(DbDataReader reader)
    {
        var schema = reader.GetColumnSchema();
        return Enumerable.Range(0, reader.FieldCount).Select(i =>
        {
            var meta = i < schema.Count ? schema[i] : null;
            var type = reader.GetFieldType(i);
            var name = meta?.DataTypeName?.ToUpperInvariant() ?? "";
            var impala = type switch
            {
                _ when type == typeof(long) || type == typeof(ulong) || type == typeof(uint) => ImpalaType.BigInt,
                _ when type == typeof(int) || type == typeof(ushort) => ImpalaType.Int,
                _ when type == typeof(short) || type == typeof(byte) => ImpalaType.SmallInt,
                _ when type == typeof(sbyte) => ImpalaType.TinyInt,
                _ when type == typeof(bool) => ImpalaType.Boolean,
                _ when type == typeof(float) => ImpalaType.Float,
                _ when type == typeof(double) => ImpalaType.Double,
                _ when type == typeof(decimal) => ImpalaType.Decimal(Math.Clamp(meta?.NumericPrecision ?? 38, 1, 38), Math.Clamp(meta?.NumericScale ?? 10, 0, 38)),
                _ when type == typeof(DateOnly) || name == "DATE" => ImpalaType.Date,
                _ when type == typeof(DateTime) || type == typeof(DateTimeOffset) => ImpalaType.Timestamp,
                _ when type == typeof(byte[]) => ImpalaType.Binary,
                _ => ImpalaType.String,
            };
            return new StagedColumn(reader.GetName(i).ToLowerInvariant(), impala);
        }).ToList();
    }

    /// <summary>
    /// Writes every row of <paramref name="reader"/> (columns in the order of <see cref="Columns"/>)
    /// as <c>part-00000.parquet</c>, <c>part-00001.parquet</c>, … of <paramref name="folder"/>.
    /// At least one file is written, so an empty table still has its folder.
    /// </summary>
    public async Task<(long Rows, int Files)> WriteAsync(DbDataReader reader, IStagingStore store, string folder, CancellationToken ct = default)
    {
        if (reader.FieldCount != Columns.Count)
            throw new ArgumentException($"the reader has {reader.FieldCount} columns, the staged table {Columns.Count}");
        var hasRow = await reader.ReadAsync(ct);
        long rows = 0;
        var files = 0;
        do
        {
            var path = $"{folder}/part-{files:D5}.parquet";
            await store.WriteFileAsync(path, async stream =>
            {
                var (written, more) = await WriteFileAsync(reader, hasRow, stream, ct);
                rows += written;
                hasRow = more;
            }, ct);
            files++;
        } while (hasRow);
        return (rows, files);
    }

    async Task<(long Rows, bool More)> WriteFileAsync(DbDataReader reader, bool hasRow, Stream stream, CancellationToken ct)
    {
        var buffers = Columns.Select(c => ParquetColumnBuffer.For(c, RowGroupSize)).ToArray();
        var schema = new ParquetSchema(buffers.Select(b => (Field)b.Field).ToArray());
        long rows = 0;
        await using var writer = await ParquetWriter.CreateAsync(schema, stream, null, false, ct);
        while (hasRow && rows < MaxRowsPerFile)
        {
            var inGroup = 0;
            while (hasRow && inGroup < RowGroupSize && rows < MaxRowsPerFile)
            {
                for (var c = 0; c < buffers.Length; c++) buffers[c].Add(reader, c);
                inGroup++;
                rows++;
                // Read, not ReadAsync: a row at a time, the Task per row cost more than the row (MySql.Data reads synchronously underneath).
                hasRow = reader.Read();
            }
            ct.ThrowIfCancellationRequested();
            using var group = writer.CreateRowGroup();
            foreach (var b in buffers) await b.FlushAsync(group, ct);
        }
        return (rows, hasRow);
    }
}
