using System.Globalization;
using System.Text.RegularExpressions;

namespace BrightFunnel.Warehouse.Impala.Types;

/// <summary>
/// An Impala column type with its qualifiers: <c>DECIMAL(p,s)</c>, <c>VARCHAR(n)</c>, <c>CHAR(n)</c>.
/// Written the way Impala prints it (<c>BIGINT</c>, <c>DECIMAL(18,2)</c>), parsed leniently.
/// </summary>
public sealed partial record ImpalaType(ImpalaTypeKind Kind, int? Precision = null, int? Scale = null, int? Length = null)
{
    public static readonly ImpalaType Boolean = new(ImpalaTypeKind.Boolean);
    public static readonly ImpalaType TinyInt = new(ImpalaTypeKind.TinyInt);
    public static readonly ImpalaType SmallInt = new(ImpalaTypeKind.SmallInt);
    public static readonly ImpalaType Int = new(ImpalaTypeKind.Int);
    public static readonly ImpalaType BigInt = new(ImpalaTypeKind.BigInt);
    public static readonly ImpalaType Float = new(ImpalaTypeKind.Float);
    public static readonly ImpalaType Double = new(ImpalaTypeKind.Double);
    public static readonly ImpalaType String = new(ImpalaTypeKind.String);
    public static readonly ImpalaType Timestamp = new(ImpalaTypeKind.Timestamp);
    public static readonly ImpalaType Date = new(ImpalaTypeKind.Date);
    public static readonly ImpalaType Binary = new(ImpalaTypeKind.Binary);

    public static ImpalaType Decimal(int precision, int scale) => new(ImpalaTypeKind.Decimal, precision, scale);

    public static ImpalaType Varchar(int length) => new(ImpalaTypeKind.Varchar, Length: length);

    public static ImpalaType Char(int length) => new(ImpalaTypeKind.Char, Length: length);

    /// <summary>Impala's name for the type, e.g. <c>DECIMAL(18,2)</c>.</summary>
    public string Name => Kind switch
    {
        ImpalaTypeKind.Decimal => $"DECIMAL({Precision ?? 9},{Scale ?? 0})",
        ImpalaTypeKind.Varchar => Length is { } n ? $"VARCHAR({n})" : "VARCHAR",
        ImpalaTypeKind.Char => Length is { } n ? $"CHAR({n})" : "CHAR",
        ImpalaTypeKind.Union => "UNIONTYPE",
        ImpalaTypeKind.UserDefined => "USER_DEFINED",
        _ => Kind.ToString().ToUpperInvariant(),
    };

    public override string ToString() => Name;

    /// <summary>
    /// How values of this type travel in an HS2 columnar row set (protocol V6): TIMESTAMP, DATE,
    /// DECIMAL, CHAR and VARCHAR as strings, FLOAT as double.
    /// </summary>
    public Hs2WireKind WireKind => Kind switch
    {
        ImpalaTypeKind.Boolean => Hs2WireKind.Boolean,
        ImpalaTypeKind.TinyInt => Hs2WireKind.Byte,
        ImpalaTypeKind.SmallInt => Hs2WireKind.Int16,
        ImpalaTypeKind.Int => Hs2WireKind.Int32,
        ImpalaTypeKind.BigInt => Hs2WireKind.Int64,
        ImpalaTypeKind.Float or ImpalaTypeKind.Double => Hs2WireKind.Double,
        ImpalaTypeKind.Binary => Hs2WireKind.Binary,
        _ => Hs2WireKind.String,
    };

    /// <summary>Parses an Impala type name: <c>bigint</c>, <c>Decimal(10, 2)</c>, <c>varchar(64)</c>, <c>integer</c>, <c>real</c>.</summary>
    public static ImpalaType Parse(string text)
    {
        var m = TypePattern().Match(text);
        if (!m.Success) throw new FormatException($"not an Impala type: '{text}'");
        var name = m.Groups["name"].Value.ToUpperInvariant();
        int? Arg(int i) => m.Groups["args"].Success && m.Groups["args"].Value.Split(',') is var parts && i < parts.Length
            ? int.Parse(parts[i].Trim(), CultureInfo.InvariantCulture) : null;
        return name switch
        {
            "BOOLEAN" or "BOOL" => Boolean,
            "TINYINT" => TinyInt,
            "SMALLINT" => SmallInt,
            "INT" or "INTEGER" => Int,
            "BIGINT" => BigInt,
            "FLOAT" => Float,
            "DOUBLE" or "REAL" => Double,
            "STRING" => String,
            "TIMESTAMP" => Timestamp,
            "DATE" => Date,
            "BINARY" => Binary,
            // Impala's DECIMAL without arguments is DECIMAL(9,0); with one argument the scale is 0.
            "DECIMAL" or "NUMERIC" => Decimal(Arg(0) ?? 9, Arg(1) ?? 0),
            "VARCHAR" => new ImpalaType(ImpalaTypeKind.Varchar, Length: Arg(0)),
            "CHAR" => new ImpalaType(ImpalaTypeKind.Char, Length: Arg(0) ?? 1),
            _ => throw new FormatException($"unsupported Impala type '{text}'"),
        };
    }

    [GeneratedRegex(@"^\s*(?<name>[A-Za-z_]+)\s*(\(\s*(?<args>\d+\s*(,\s*\d+\s*)?)\))?\s*$")]
    private static partial Regex TypePattern();
}

/// <summary>The list a column's values travel in inside an HS2 <c>TColumn</c>.</summary>
public enum Hs2WireKind { Boolean, Byte, Int16, Int32, Int64, Double, String, Binary }
