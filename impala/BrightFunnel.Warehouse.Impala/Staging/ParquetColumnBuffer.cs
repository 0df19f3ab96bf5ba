using System.Data.Common;
using System.Globalization;
using BrightFunnel.Warehouse.Impala.Types;
using Parquet;
using Parquet.Schema;

namespace BrightFunnel.Warehouse.Impala.Staging;

/// <summary>
/// One row group's values of one column, in the Parquet physical type Impala reads for its
/// Impala type: INT32/INT64 integers, DOUBLE/FLOAT, UTF-8 BYTE_ARRAY strings, DECIMAL with its
/// precision and scale, TIMESTAMP as INT96 (Impala's own encoding), DATE as the DATE logical type.
/// </summary>
abstract class ParquetColumnBuffer(DataField field)
{
    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public DataField Field { get; } = field;

    public abstract void Add(DbDataReader reader, int ordinal);

    /// <summary>Writes the buffered values as this column of the row group and empties the buffer.</summary>
    public abstract Task FlushAsync(ParquetRowGroupWriter rowGroup, CancellationToken ct);

    public static ParquetColumnBuffer For(StagedColumn column, int capacity) => column.Type.Kind switch
    {
        ImpalaTypeKind.Boolean => new Values<bool>(new DataField<bool?>(column.Name), capacity, v => v is bool b ? b : Convert.ToInt64(v, Invariant) != 0),
        ImpalaTypeKind.TinyInt => new Values<sbyte>(new DataField<sbyte?>(column.Name), capacity, v => Convert.ToSByte(v, Invariant)),
        ImpalaTypeKind.SmallInt => new Values<short>(new DataField<short?>(column.Name), capacity, v => Convert.ToInt16(v, Invariant)),
        ImpalaTypeKind.Int => new Values<int>(new DataField<int?>(column.Name), capacity, v => Convert.ToInt32(v, Invariant)),
        ImpalaTypeKind.BigInt => new Values<long>(new DataField<long?>(column.Name), capacity, v => Convert.ToInt64(v, Invariant)),
        ImpalaTypeKind.Float => new Values<float>(new DataField<float?>(column.Name), capacity, v => Convert.ToSingle(v, Invariant)),
        ImpalaTypeKind.Double => new Values<double>(new DataField<double?>(column.Name), capacity, v => Convert.ToDouble(v, Invariant)),
        ImpalaTypeKind.Decimal => new Values<decimal>(new DecimalDataField(column.Name, column.Type.Precision ?? 9, column.Type.Scale ?? 0, isNullable: true), capacity, v => Convert.ToDecimal(v, Invariant)),
        ImpalaTypeKind.Timestamp => new Values<DateTime>(new DateTimeDataField(column.Name, DateTimeFormat.Impala, isNullable: true), capacity, ToDateTime),
        ImpalaTypeKind.Date => new Values<DateTime>(new DateTimeDataField(column.Name, DateTimeFormat.Date, isNullable: true), capacity, ToDateTime),
        ImpalaTypeKind.String or ImpalaTypeKind.Varchar or ImpalaTypeKind.Char => new Strings(new DataField<string>(column.Name, nullable: true), capacity),
        ImpalaTypeKind.Binary => new Bytes(new DataField<byte[]>(column.Name, nullable: true), capacity),
        _ => throw new NotSupportedException($"column {column.Name}: {column.Type} cannot be staged"),
    };

    static DateTime ToDateTime(object v) => v switch
    {
        DateTime t => t,
        DateOnly d => d.ToDateTime(TimeOnly.MinValue),
        DateTimeOffset o => o.DateTime,
        string s => ImpalaValueFormat.ParseTimestamp(s),
        _ => Convert.ToDateTime(v, Invariant),
    };

    sealed class Values<T>(DataField field, int capacity, Func<object, T> convert) : ParquetColumnBuffer(field) where T : struct
    {
        readonly T?[] values = new T?[capacity];
        int count;
        bool? sameType; // the reader's values are already T: read them unboxed (GetValue boxed every one)

        public override void Add(DbDataReader reader, int ordinal) =>
            values[count++] = reader.IsDBNull(ordinal) ? null
                : (sameType ??= reader.GetFieldType(ordinal) == typeof(T)) ? reader.GetFieldValue<T>(ordinal)
                : convert(reader.GetValue(ordinal));

        public override async Task FlushAsync(ParquetRowGroupWriter rowGroup, CancellationToken ct)
        {
            await rowGroup.WriteAsync(Field, new ReadOnlyMemory<T?>(values, 0, count), null, null, ct);
            count = 0;
        }
    }

    sealed class Strings(DataField field, int capacity) : ParquetColumnBuffer(field)
    {
        readonly List<string?> values = new(capacity);
        bool? isText;

        public override void Add(DbDataReader reader, int ordinal) =>
            values.Add(reader.IsDBNull(ordinal) ? null
                : (isText ??= reader.GetFieldType(ordinal) == typeof(string)) ? reader.GetString(ordinal)
                : reader.GetValue(ordinal) switch
            {
                string s => s,
                DateTime t => ImpalaValueFormat.FormatTimestamp(t),
                IFormattable f => f.ToString(null, Invariant),
                var o => o.ToString(),
            });

        public override async Task FlushAsync(ParquetRowGroupWriter rowGroup, CancellationToken ct)
        {
            await rowGroup.WriteAsync(Field, (IReadOnlyCollection<string>)values, null);
            values.Clear();
        }
    }

    sealed class Bytes(DataField field, int capacity) : ParquetColumnBuffer(field)
    {
        readonly List<byte[]?> values = new(capacity);

        public override void Add(DbDataReader reader, int ordinal) =>
            values.Add(reader.IsDBNull(ordinal) ? null : (byte[])reader.GetValue(ordinal));

        public override async Task FlushAsync(ParquetRowGroupWriter rowGroup, CancellationToken ct)
        {
            await rowGroup.WriteAsync(Field, (IReadOnlyCollection<byte[]>)values, null);
            values.Clear();
        }
    }
}
