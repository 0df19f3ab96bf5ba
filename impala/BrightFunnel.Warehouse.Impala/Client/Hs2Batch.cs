namespace BrightFunnel.Warehouse.Impala.Client;

/// <summary>One FetchResults answer: the same number of rows in every column.</summary>
public sealed class Hs2Batch(long startRowOffset, int rowCount, IReadOnlyList<Hs2Column> columns)
{
    /// <summary>The row number (from 0) of this batch's first row within the whole result.</summary>
    public long StartRowOffset { get; } = startRowOffset;

    public int RowCount { get; } = rowCount;

    public IReadOnlyList<Hs2Column> Columns { get; } = columns;

    public Hs2Column this[int column] => Columns[column];
}

/// <summary>A whole (small) result in memory: the schema and every row as CLR values.</summary>
public sealed class Hs2Result(Hs2Schema schema, IReadOnlyList<object?[]> rows)
{
    public Hs2Schema Schema { get; } = schema;

    public IReadOnlyList<object?[]> Rows { get; } = rows;
}
