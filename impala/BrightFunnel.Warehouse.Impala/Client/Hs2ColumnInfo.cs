using BrightFunnel.Warehouse.Impala.Types;

namespace BrightFunnel.Warehouse.Impala.Client;

/// <summary>One result column as the server described it (GetResultSetMetadata).</summary>
public sealed record Hs2ColumnInfo(string Name, int Position, ImpalaType Type, string? Comment = null);

/// <summary>The columns of a result, in order.</summary>
public sealed class Hs2Schema(IReadOnlyList<Hs2ColumnInfo> columns)
{
    public static readonly Hs2Schema Empty = new([]);

    public IReadOnlyList<Hs2ColumnInfo> Columns { get; } = columns;

    public int Count => Columns.Count;

    public Hs2ColumnInfo this[int index] => Columns[index];

    /// <summary>Index of a column by name, case-insensitive (Impala lower-cases names); -1 if absent.</summary>
    public int IndexOf(string name)
    {
        for (var i = 0; i < Columns.Count; i++)
            if (string.Equals(Columns[i].Name, name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }
}
