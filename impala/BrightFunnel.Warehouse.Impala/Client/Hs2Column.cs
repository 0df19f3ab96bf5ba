using System.Globalization;
using System.Runtime.InteropServices;
using BrightFunnel.Warehouse.Impala.Types;

namespace BrightFunnel.Warehouse.Impala.Client;

/// <summary>
/// One column of a fetched batch: the values exactly as they came off the wire (one typed list,
/// no per-row boxing) plus the decoded null mask. Typed getters widen where that is lossless
/// (an INT read as Int64) and parse the string-borne types (DECIMAL, TIMESTAMP, DATE).
/// A null row holds a placeholder value; check <see cref="IsNull"/> first.
/// </summary>
public sealed class Hs2Column
{
    readonly List<bool>? bools;
    readonly List<sbyte>? bytes;
    readonly List<short>? shorts;
    readonly List<int>? ints;
    readonly List<long>? longs;
    readonly List<double>? doubles;
    readonly List<string>? strings;
    readonly List<byte[]>? binaries;

    Hs2Column(Hs2ColumnInfo info, Hs2WireKind kind, int count, Hs2NullMask nulls)
    {
        Info = info;
        Kind = kind;
        Count = count;
        Nulls = nulls;
    }

    public Hs2Column(Hs2ColumnInfo info, List<bool> values, Hs2NullMask nulls) : this(info, Hs2WireKind.Boolean, values.Count, nulls) => bools = values;
    public Hs2Column(Hs2ColumnInfo info, List<sbyte> values, Hs2NullMask nulls) : this(info, Hs2WireKind.Byte, values.Count, nulls) => bytes = values;
    public Hs2Column(Hs2ColumnInfo info, List<short> values, Hs2NullMask nulls) : this(info, Hs2WireKind.Int16, values.Count, nulls) => shorts = values;
    public Hs2Column(Hs2ColumnInfo info, List<int> values, Hs2NullMask nulls) : this(info, Hs2WireKind.Int32, values.Count, nulls) => ints = values;
    public Hs2Column(Hs2ColumnInfo info, List<long> values, Hs2NullMask nulls) : this(info, Hs2WireKind.Int64, values.Count, nulls) => longs = values;
    public Hs2Column(Hs2ColumnInfo info, List<double> values, Hs2NullMask nulls) : this(info, Hs2WireKind.Double, values.Count, nulls) => doubles = values;
    public Hs2Column(Hs2ColumnInfo info, List<string> values, Hs2NullMask nulls) : this(info, Hs2WireKind.String, values.Count, nulls) => strings = values;
    public Hs2Column(Hs2ColumnInfo info, List<byte[]> values, Hs2NullMask nulls) : this(info, Hs2WireKind.Binary, values.Count, nulls) => binaries = values;

    public Hs2ColumnInfo Info { get; }

    /// <summary>Which wire list holds the values.</summary>
    public Hs2WireKind Kind { get; }

    public int Count { get; }

    public Hs2NullMask Nulls { get; }

    public bool IsNull(int row) => Nulls.IsNull(row);

    // Zero-copy spans for the hot path of a bulk reader.
    public ReadOnlySpan<long> Int64Values => CollectionsMarshal.AsSpan(longs ?? throw WrongKind("Int64"));
    public ReadOnlySpan<int> Int32Values => CollectionsMarshal.AsSpan(ints ?? throw WrongKind("Int32"));
    public ReadOnlySpan<double> DoubleValues => CollectionsMarshal.AsSpan(doubles ?? throw WrongKind("Double"));
    public ReadOnlySpan<string> StringValues => CollectionsMarshal.AsSpan(strings ?? throw WrongKind("String"));

    public bool GetBoolean(int row) => bools is not null ? bools[row] : throw WrongKind("Boolean");

    public long GetInt64(int row) => Kind switch
    {
        Hs2WireKind.Int64 => longs![row],
        Hs2WireKind.Int32 => ints![row],
        Hs2WireKind.Int16 => shorts![row],
        Hs2WireKind.Byte => bytes![row],
        _ => throw WrongKind("an integer"),
    };

    public int GetInt32(int row) => Kind switch
    {
        Hs2WireKind.Int32 => ints![row],
        Hs2WireKind.Int16 => shorts![row],
        Hs2WireKind.Byte => bytes![row],
        Hs2WireKind.Int64 => checked((int)longs![row]),
        _ => throw WrongKind("an integer"),
    };

    public double GetDouble(int row) => Kind switch
    {
        Hs2WireKind.Double => doubles![row],
        Hs2WireKind.String when Info.Type.Kind == ImpalaTypeKind.Decimal => (double)GetDecimal(row),
        Hs2WireKind.Int64 or Hs2WireKind.Int32 or Hs2WireKind.Int16 or Hs2WireKind.Byte => GetInt64(row),
        _ => throw WrongKind("a number"),
    };

    public decimal GetDecimal(int row) => Kind switch
    {
        Hs2WireKind.String => ImpalaValueFormat.ParseDecimal(strings![row]),
        Hs2WireKind.Double => (decimal)doubles![row],
        Hs2WireKind.Int64 or Hs2WireKind.Int32 or Hs2WireKind.Int16 or Hs2WireKind.Byte => GetInt64(row),
        _ => throw WrongKind("a number"),
    };

    public DateTime GetDateTime(int row) => ImpalaValueFormat.ParseTimestamp(strings?[row] ?? throw WrongKind("a TIMESTAMP string"));

    public DateOnly GetDate(int row) => ImpalaValueFormat.ParseDate(strings?[row] ?? throw WrongKind("a DATE string"));

    public byte[] GetBytes(int row) => binaries is not null ? binaries[row] : throw WrongKind("Binary");

    /// <summary>The value as text (invariant culture), whatever its type.</summary>
    public string GetString(int row) => Kind switch
    {
        Hs2WireKind.String => strings![row],
        Hs2WireKind.Boolean => bools![row] ? "true" : "false",
        Hs2WireKind.Double => doubles![row].ToString("R", CultureInfo.InvariantCulture),
        Hs2WireKind.Binary => Convert.ToBase64String(binaries![row]),
        _ => GetInt64(row).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// The value as the natural CLR type of its Impala type (null for SQL NULL): long/int/short/sbyte,
    /// double (FLOAT too), bool, string (STRING, CHAR, VARCHAR), decimal, DateTime, DateOnly, byte[].
    /// </summary>
    public object? GetValue(int row)
    {
        if (IsNull(row)) return null;
        return Info.Type.Kind switch
        {
            ImpalaTypeKind.Decimal when Kind == Hs2WireKind.String => GetDecimal(row),
            ImpalaTypeKind.Timestamp when Kind == Hs2WireKind.String => GetDateTime(row),
            ImpalaTypeKind.Date when Kind == Hs2WireKind.String => GetDate(row),
            _ => Kind switch
            {
                Hs2WireKind.Boolean => bools![row],
                Hs2WireKind.Byte => bytes![row],
                Hs2WireKind.Int16 => shorts![row],
                Hs2WireKind.Int32 => ints![row],
                Hs2WireKind.Int64 => longs![row],
                Hs2WireKind.Double => doubles![row],
                Hs2WireKind.Binary => binaries![row],
                _ => strings![row],
            },
        };
    }

    InvalidCastException WrongKind(string wanted) =>
        new($"column {Info.Name} ({Info.Type}) travels as {Kind}, not {wanted}");
}
