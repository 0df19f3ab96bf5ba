using System.Data.Common;
using System.Globalization;
using System.Numerics;
using BrightFunnel.Warehouse.Impala.Engine.Catalog;
using BrightFunnel.Warehouse.Impala.Thrift;
using BrightFunnel.Warehouse.Impala.Types;

namespace BrightFunnel.Warehouse.Impala.Engine.Hs2;

/// <summary>
/// One result column on its way to the wire: reads the DuckDB value of each row into the typed
/// list its Impala type travels in (TIMESTAMP/DATE/DECIMAL as Impala-formatted strings, FLOAT as
/// double), with a placeholder and a null bit for NULL, and hands the batch over as a TColumn.
/// </summary>
abstract class ResultColumn(string name, ImpalaType type)
{
    protected readonly NullBits Nulls = new();

    public string Name { get; } = name;

    public ImpalaType Type { get; } = type;

    public abstract void Append(DbDataReader reader, int ordinal);

    /// <summary>The rows appended since the last call, as a wire column; the column starts empty again.</summary>
    public abstract TColumn Take();

    public TColumnDesc Describe(int position)
    {
        var entry = new TPrimitiveTypeEntry((TTypeId)(int)Type.Kind);
        if (Type.Kind == ImpalaTypeKind.Decimal)
            entry.TypeQualifiers = new TTypeQualifiers(new Dictionary<string, TTypeQualifierValue>
            {
                ["precision"] = new() { I32Value = Type.Precision ?? 9 },
                ["scale"] = new() { I32Value = Type.Scale ?? 0 },
            });
        else if (Type.Kind is ImpalaTypeKind.Varchar or ImpalaTypeKind.Char && Type.Length is { } length)
            entry.TypeQualifiers = new TTypeQualifiers(new Dictionary<string, TTypeQualifierValue> { ["characterMaximumLength"] = new() { I32Value = length } });
        return new TColumnDesc(Name, new TTypeDesc([new TTypeEntry { PrimitiveEntry = entry }]), position);
    }

    /// <summary>Picks the reader for a DuckDB column: fast typed getters where the types agree.</summary>
    public static ResultColumn For(string name, string duckType, int? precision, int? scale)
    {
        var type = DuckDbResultTypes.ToImpala(duckType, precision, scale);
        var duck = duckType.ToUpperInvariant();
        return type.Kind switch
        {
            ImpalaTypeKind.Boolean => new Typed<bool>(name, type, (r, i) => r.GetBoolean(i), false, (v, n) => new TColumn { BoolVal = new TBoolColumn(v, n) }),
            ImpalaTypeKind.TinyInt => new Typed<sbyte>(name, type, (r, i) => r.GetFieldValue<sbyte>(i), 0, (v, n) => new TColumn { ByteVal = new TByteColumn(v, n) }),
            ImpalaTypeKind.SmallInt => new Typed<short>(name, type, (r, i) => Convert.ToInt16(r.GetValue(i), CultureInfo.InvariantCulture), 0, (v, n) => new TColumn { I16Val = new TI16Column(v, n) }),
            ImpalaTypeKind.Int when duck == "INTEGER" => new Typed<int>(name, type, (r, i) => r.GetInt32(i), 0, (v, n) => new TColumn { I32Val = new TI32Column(v, n) }),
            ImpalaTypeKind.Int => new Typed<int>(name, type, (r, i) => Convert.ToInt32(r.GetValue(i), CultureInfo.InvariantCulture), 0, (v, n) => new TColumn { I32Val = new TI32Column(v, n) }),
            ImpalaTypeKind.BigInt when duck == "BIGINT" => new Typed<long>(name, type, (r, i) => r.GetInt64(i), 0, (v, n) => new TColumn { I64Val = new TI64Column(v, n) }),
            ImpalaTypeKind.BigInt => new Typed<long>(name, type, (r, i) => ToInt64(r.GetValue(i)), 0, (v, n) => new TColumn { I64Val = new TI64Column(v, n) }),
            ImpalaTypeKind.Float => new Typed<double>(name, type, (r, i) => r.GetFloat(i), 0, (v, n) => new TColumn { DoubleVal = new TDoubleColumn(v, n) }),
            ImpalaTypeKind.Double => new Typed<double>(name, type, (r, i) => r.GetDouble(i), 0, (v, n) => new TColumn { DoubleVal = new TDoubleColumn(v, n) }),
            ImpalaTypeKind.Decimal => Text(name, type, (r, i) => ImpalaValueFormat.FormatDecimal(r.GetDecimal(i), type.Scale ?? 0)),
            ImpalaTypeKind.Timestamp => Text(name, type, (r, i) => ImpalaValueFormat.FormatTimestamp(r.GetDateTime(i))),
            ImpalaTypeKind.Date => Text(name, type, (r, i) => ImpalaValueFormat.FormatDate(r.GetFieldValue<DateOnly>(i))),
            ImpalaTypeKind.Binary => new Typed<byte[]>(name, type, ReadBytes, [], (v, n) => new TColumn { BinaryVal = new TBinaryColumn(v, n) }),
            _ when duck == "VARCHAR" => Text(name, type, (r, i) => r.GetString(i)),
            _ => Text(name, type, (r, i) => Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture) ?? ""),
        };
    }

    static Typed<string> Text(string name, ImpalaType type, Func<DbDataReader, int, string> read) =>
        new(name, type, read, "", (v, n) => new TColumn { StringVal = new TStringColumn(v, n) });

    static long ToInt64(object value) => value switch
    {
        long l => l,
        BigInteger b => (long)b,
        ulong u => checked((long)u),
        _ => Convert.ToInt64(value, CultureInfo.InvariantCulture),
    };

    static byte[] ReadBytes(DbDataReader reader, int ordinal)
    {
        using var stream = reader.GetStream(ordinal);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    sealed class Typed<T>(string name, ImpalaType type, Func<DbDataReader, int, T> read, T placeholder, Func<List<T>, byte[], TColumn> wrap)
        : ResultColumn(name, type)
    {
        List<T> values = [];

        public override void Append(DbDataReader reader, int ordinal)
        {
            if (reader.IsDBNull(ordinal))
            {
                Nulls.Set(values.Count);
                values.Add(placeholder);
            }
            else values.Add(read(reader, ordinal));
        }

        public override TColumn Take()
        {
            var column = wrap(values, Nulls.Take(values.Count));
            values = [];
            return column;
        }
    }
}

/// <summary>Builds an HS2 null bitmap: bit row % 8 of byte row / 8, least-significant first.</summary>
sealed class NullBits
{
    byte[] bits = new byte[16];
    bool any;

    public void Set(int row)
    {
        if (row >> 3 >= bits.Length) Array.Resize(ref bits, Math.Max(bits.Length * 2, (row >> 3) + 1));
        bits[row >> 3] |= (byte)(1 << (row & 7));
        any = true;
    }

    /// <summary>The bitmap for <paramref name="rows"/> rows (empty when none is null), then starts over.</summary>
    public byte[] Take(int rows)
    {
        if (!any) return [];
        // Sized by the rows, not by the last null: bits grows only as far as the last row set.
        var result = new byte[(rows + 7) / 8];
        bits.AsSpan(0, Math.Min(bits.Length, result.Length)).CopyTo(result);
        Array.Clear(bits);
        any = false;
        return result;
    }
}
