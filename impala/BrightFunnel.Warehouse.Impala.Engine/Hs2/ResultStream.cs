using System.Data.Common;
using BrightFunnel.Warehouse.Impala.Thrift;
using DuckDB.NET.Data;

namespace BrightFunnel.Warehouse.Impala.Engine.Hs2;

/// <summary>
/// A running DuckDB query whose rows are handed out in HS2 batches. The first row is read when
/// the query starts, so the expensive part (joins, aggregation) happens before the operation is
/// reported FINISHED, as in Impala. After each batch the next one is read ahead in the
/// background, so DuckDB works while the previous batch is serialised, sent and decoded.
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
    Task<ColumnBatch>? ahead;
    ColumnBatch? leftover;

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

    /// <summary>Runs the command's statement, streaming; blocks until the first row is ready.</summary>
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

    public long RowsFetched => offset;

    public TTableSchema Schema() => new(columns.Select((c, i) => c.Describe(i)).ToList());

    /// <summary>
    /// The next batch of up to <paramref name="maxRows"/> rows. <c>hasMoreRows</c> is false once the
    /// reader is exhausted — after a short batch, or on the empty batch that follows a full one.
    /// </summary>
    public (TRowSet Rows, bool HasMoreRows) Fetch(int maxRows, bool columnar)
    {
        var limit = Math.Clamp(maxRows, 1, MaxBatch);
        var batch = Next(limit);
        if (batch.Count > limit)
        {
            // Read ahead with a larger batch size than this request allows: keep the rest for later.
            (batch, leftover) = batch.Split(limit);
        }
        var more = leftover is not null || hasRow;
        // Reading blocks on DuckDB: a dedicated thread keeps the pool free for the HS2 handlers.
        if (more && leftover is null) ahead = Task.Factory.StartNew(() => Read(limit), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var start = offset;
        offset += batch.Count;
        var rowSet = columnar
            ? new TRowSet(start, []) { Columns = batch.Columns }
            : new TRowSet(start, RowBasedRows.From(batch.Columns, batch.Count));
        return (rowSet, more);
    }

    ColumnBatch Next(int limit)
    {
        if (leftover is { } rest)
        {
            leftover = null;
            return rest;
        }
        if (ahead is { } pending)
        {
            ahead = null;
            return pending.GetAwaiter().GetResult();
        }
        return Read(limit);
    }

    ColumnBatch Read(int limit)
    {
        var count = 0;
        while (hasRow && count < limit)
        {
            for (var c = 0; c < columns.Length; c++) columns[c].Append(reader, c);
            count++;
            hasRow = reader.Read();
        }
        return new ColumnBatch(columns.Select(c => c.Take()).ToList(), count);
    }

    public void Cancel() => command.Cancel();

    public void Dispose()
    {
        // The read-ahead uses the reader: interrupt it and let it end before freeing the reader.
        if (ahead is { IsCompleted: false }) command.Cancel();
        try { ahead?.Wait(); }
        catch (AggregateException) { }
        reader.Dispose();
        command.Dispose();
    }
}

/// <summary>Rows of every column, as wire columns.</summary>
sealed record ColumnBatch(List<TColumn> Columns, int Count)
{
    public (ColumnBatch Head, ColumnBatch Tail) Split(int rows)
    {
        var pairs = Columns.Select(c => ColumnSlicer.Split(c, rows, Count)).ToList();
        return (new ColumnBatch(pairs.Select(p => p.Head).ToList(), rows), new ColumnBatch(pairs.Select(p => p.Tail).ToList(), Count - rows));
    }
}

/// <summary>Cuts a wire column in two at a row, null bitmap included.</summary>
static class ColumnSlicer
{
    public static (TColumn Head, TColumn Tail) Split(TColumn c, int rows, int count)
    {
        if (c.BoolVal is { } b) return Cut(b.Values!, b.Nulls, rows, count, (v, n) => new TColumn { BoolVal = new TBoolColumn(v, n) });
        if (c.ByteVal is { } y) return Cut(y.Values!, y.Nulls, rows, count, (v, n) => new TColumn { ByteVal = new TByteColumn(v, n) });
        if (c.I16Val is { } s) return Cut(s.Values!, s.Nulls, rows, count, (v, n) => new TColumn { I16Val = new TI16Column(v, n) });
        if (c.I32Val is { } i) return Cut(i.Values!, i.Nulls, rows, count, (v, n) => new TColumn { I32Val = new TI32Column(v, n) });
        if (c.I64Val is { } l) return Cut(l.Values!, l.Nulls, rows, count, (v, n) => new TColumn { I64Val = new TI64Column(v, n) });
        if (c.DoubleVal is { } d) return Cut(d.Values!, d.Nulls, rows, count, (v, n) => new TColumn { DoubleVal = new TDoubleColumn(v, n) });
        if (c.StringVal is { } t) return Cut(t.Values!, t.Nulls, rows, count, (v, n) => new TColumn { StringVal = new TStringColumn(v, n) });
        var x = c.BinaryVal!;
        return Cut(x.Values!, x.Nulls, rows, count, (v, n) => new TColumn { BinaryVal = new TBinaryColumn(v, n) });
    }

    static (TColumn, TColumn) Cut<T>(List<T> values, byte[]? nulls, int rows, int count, Func<List<T>, byte[], TColumn> make) =>
        (make(values.GetRange(0, rows), Bits(nulls, 0, rows)), make(values.GetRange(rows, count - rows), Bits(nulls, rows, count - rows)));

    static byte[] Bits(byte[]? nulls, int from, int length)
    {
        if (nulls is null || nulls.Length == 0) return [];
        var bits = new byte[(length + 7) / 8];
        for (var r = 0; r < length; r++)
        {
            var source = from + r;
            if (source >> 3 < nulls.Length && (nulls[source >> 3] & (1 << (source & 7))) != 0) bits[r >> 3] |= (byte)(1 << (r & 7));
        }
        return bits;
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
