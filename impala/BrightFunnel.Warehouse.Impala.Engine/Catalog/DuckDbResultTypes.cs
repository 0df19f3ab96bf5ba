using BrightFunnel.Warehouse.Impala.Types;

namespace BrightFunnel.Warehouse.Impala.Engine.Catalog;

/// <summary>
/// The Impala type a DuckDB result column is reported as. DuckDB widens where Impala does not
/// (SUM of BIGINT is HUGEINT there, BIGINT in Impala), so those map back to Impala's type.
/// </summary>
public static class DuckDbResultTypes
{
    /// <param name="duckType">DuckDB's type name in any spelling: <c>BigInt</c>, <c>BIGINT</c>, <c>DECIMAL(10,2)</c>.</param>
    public static ImpalaType ToImpala(string duckType, int? precision = null, int? scale = null)
    {
        var name = duckType.Trim().ToUpperInvariant();
        var paren = name.IndexOf('(');
        var bare = paren < 0 ? name : name[..paren];
        return bare switch
        {
            "BOOLEAN" => ImpalaType.Boolean,
            "TINYINT" => ImpalaType.TinyInt,
            "SMALLINT" or "UTINYINT" => ImpalaType.SmallInt,
            "INTEGER" or "USMALLINT" => ImpalaType.Int,
            "BIGINT" or "UINTEGER" or "HUGEINT" or "UBIGINT" or "UHUGEINT" => ImpalaType.BigInt,
            "FLOAT" => ImpalaType.Float,
            "DOUBLE" => ImpalaType.Double,
            "DECIMAL" when paren > 0 => ImpalaType.Parse(name),
            "DECIMAL" => ImpalaType.Decimal(precision ?? 18, scale ?? 3),
            "DATE" => ImpalaType.Date,
            "BLOB" => ImpalaType.Binary,
            _ when bare.StartsWith("TIMESTAMP", StringComparison.Ordinal) => ImpalaType.Timestamp,
            _ => ImpalaType.String, // VARCHAR, UUID, INTERVAL, TIME, nested types: sent as text
        };
    }
}
