using System.Data.Common;
using BrightFunnel.Warehouse.Impala.Thrift;
using DuckDB.NET.Data;

namespace BrightFunnel.Warehouse.Impala.Engine.Hs2;

/// <summary>
/// A running DuckDB query whose rows are handed out in HS2 batches. The first row is read when
/// the query starts, so the expensive part (joins, aggregation) happens before the operation is
/// reported FINISHED, as in Impala.
/// </summary>
sealed class ResultStream : IDisposable
{
    /// <summary>Upper bound for one FetchResults, whatever a client asks: keeps one reply in memory bounds.</summary>
    public const int MaxBatch = 1_000_000;

    readonly DuckDBCommand command;
    readonly DbDataReader reader;
    readonly ResultColumn[] columns;
    bool hasRow;
    long offset;

    ResultStream(DuckDBCommand command, DbDataReader reader)
    {
        this.command = command;
        this.reader = reader;
        var schema = reader.GetSchemaTable();
        columns = new ResultColumn[reader.FieldCount];
        for (var i = 0; i < columns.Length; i++)
        {
            var row = schema?.Rows[i];
            int? Meta(string key) => row is not null && row.Table.Columns.Contains(key) && row[key] is not (null or DBNull) ? Convert.ToInt32(row[key], System.Globalization.CultureInfo.InvariantCulture) : null;
            columns[i] = ResultColumn.For(reader.GetName(i).ToLowerInvariant(), reader.GetDataTypeName(i), Meta("NumericPrecision"), Meta("NumericScale"));
        }
        hasRow = reader.Read();
    }

    /// <summary>Runs <paramref name="sql"/> on <paramref name="connection"/>, streaming; blocks until the first row is ready.</summary>
    public static ResultStream Open(DuckDBCommand command)
    {
        command.UseStreamingMode = true;
        var reader = command.ExecuteReader();
        try
        {
            return new ResultStream(command, reader);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    public IReadOnlyList<ResultColumn> Columns => columns;

    public long RowsFetched => offset;

    public bool Exhausted => !hasRow;

    public TTableSchema Schema() => new(columns.Select((c, i) => c.Describe(i)).ToList());

    /// <summary>
    /// The next batch of up to <paramref name="maxRows"/> rows. <c>hasMoreRows</c> is false once the
    /// reader is exhausted — after a short batch, or on the empty batch that follows a full one.
    /// </summary>
    public (TRowSet Rows, bool HasMoreRows) Fetch(int maxRows, bool columnar)
    {
        var limit = Math.Clamp(maxRows, 1, MaxBatch);
        var count = 0;
        while (hasRow && count < limit)
        {
            for (var c = 0; c < columns.Length; c++) columns[c].Append(reader, c);
            count++;
            hasRow = reader.Read();
        }
        var wire = columns.Select(c => c.Take()).ToList();
        var start = offset;
        offset += count;
        var rowSet = columnar
            ? new TRowSet(start, []) { Columns = wire }
            : new TRowSet(start, RowBasedRows.From(wire, count));
        return (rowSet, hasRow);
    }

    public void Cancel() => command.Cancel();

    public void Dispose()
    {
        reader.Dispose();
        command.Dispose();
    }
}

/// <summary>Row-based result sets, for a client whose session was agreed below protocol V6.</summary>
static class RowBasedRows
{
    public static List<TRow> From(List<TColumn> columns, int count)
    {
        var rows = new List<TRow>(count);
        for (var r = 0; r < count; r++)
            rows.Add(new TRow(columns.Select(c => Cell(c, r)).ToList()));
        return rows;
    }

    static TColumnValue Cell(TColumn c, int r)
    {
        static bool IsNull(byte[]? nulls, int row) => nulls is not null && row >> 3 < nulls.Length && (nulls[row >> 3] & (1 << (row & 7))) != 0;
        if (c.BoolVal is { } b) return new TColumnValue { BoolVal = IsNull(b.Nulls, r) ? new TBoolValue() : new TBoolValue { Value = b.Values![r] } };
        if (c.ByteVal is { } y) return new TColumnValue { ByteVal = IsNull(y.Nulls, r) ? new TByteValue() : new TByteValue { Value = y.Values![r] } };
        if (c.I16Val is { } s) return new TColumnValue { I16Val = IsNull(s.Nulls, r) ? new TI16Value() : new TI16Value { Value = s.Values![r] } };
        if (c.I32Val is { } i) return new TColumnValue { I32Val = IsNull(i.Nulls, r) ? new TI32Value() : new TI32Value { Value = i.Values![r] } };
        if (c.I64Val is { } l) return new TColumnValue { I64Val = IsNull(l.Nulls, r) ? new TI64Value() : new TI64Value { Value = l.Values![r] } };
        if (c.DoubleVal is { } d) return new TColumnValue { DoubleVal = IsNull(d.Nulls, r) ? new TDoubleValue() : new TDoubleValue { Value = d.Values![r] } };
        if (c.StringVal is { } t) return new TColumnValue { StringVal = IsNull(t.Nulls, r) ? new TStringValue() : new TStringValue { Value = t.Values![r] } };
        var bin = c.BinaryVal!;
        return new TColumnValue { StringVal = IsNull(bin.Nulls, r) ? new TStringValue() : new TStringValue { Value = Convert.ToBase64String(bin.Values![r]) } };
    }
}
