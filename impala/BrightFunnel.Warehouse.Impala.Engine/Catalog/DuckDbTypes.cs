using BrightFunnel.Warehouse.Impala.Types;

namespace BrightFunnel.Warehouse.Impala.Engine.Catalog;

/// <summary>The DuckDB column type that holds an Impala type's values.</summary>
public static class DuckDbTypes
{
    public static string For(ImpalaType type) => type.Kind switch
    {
        ImpalaTypeKind.Boolean => "BOOLEAN",
        ImpalaTypeKind.TinyInt => "TINYINT",
        ImpalaTypeKind.SmallInt => "SMALLINT",
        ImpalaTypeKind.Int => "INTEGER",
        ImpalaTypeKind.BigInt => "BIGINT",
        ImpalaTypeKind.Float => "FLOAT",
        ImpalaTypeKind.Double => "DOUBLE",
        ImpalaTypeKind.Decimal => $"DECIMAL({type.Precision},{type.Scale})",
        ImpalaTypeKind.Timestamp => "TIMESTAMP",
        ImpalaTypeKind.Date => "DATE",
        ImpalaTypeKind.Binary => "BLOB",
        ImpalaTypeKind.String or ImpalaTypeKind.Varchar or ImpalaTypeKind.Char => "VARCHAR",
        _ => throw new NotSupportedException($"type {type} is not supported by the local engine"),
    };
}
