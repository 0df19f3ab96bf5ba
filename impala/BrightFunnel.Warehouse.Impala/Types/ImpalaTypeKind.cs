namespace BrightFunnel.Warehouse.Impala.Types;

/// <summary>
/// Impala's column types, numbered exactly as HS2's <c>TTypeId</c> so a wire value converts by
/// cast. Only the primitive ones ever reach us: Impala sends no complex types over HS2.
/// </summary>
public enum ImpalaTypeKind
{
    Boolean = 0,
    TinyInt = 1,
    SmallInt = 2,
    Int = 3,
    BigInt = 4,
    Float = 5,
    Double = 6,
    String = 7,
    Timestamp = 8,
    Binary = 9,
    Array = 10,
    Map = 11,
    Struct = 12,
    Union = 13,
    UserDefined = 14,
    Decimal = 15,
    Null = 16,
    Date = 17,
    Varchar = 18,
    Char = 19,
}
