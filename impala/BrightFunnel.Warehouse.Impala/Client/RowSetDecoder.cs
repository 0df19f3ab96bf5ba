using BrightFunnel.Warehouse.Impala.Thrift;
using BrightFunnel.Warehouse.Impala.Types;

namespace BrightFunnel.Warehouse.Impala.Client;

/// <summary>
/// Turns HS2 wire structures into our types: a <c>TTableSchema</c> into an <see cref="Hs2Schema"/>,
/// a <c>TRowSet</c> into an <see cref="Hs2Batch"/>. Columnar row sets (V6+, Impala's) are taken
/// as they are; row-based ones (a server that answered V1–V5) are pivoted into columns.
/// </summary>
static class RowSetDecoder
{
    public static Hs2Schema DecodeSchema(TTableSchema? schema)
    {
        if (schema?.Columns is null) return Hs2Schema.Empty;
        var columns = schema.Columns
            .OrderBy(c => c.Position)
            .Select((c, i) => new Hs2ColumnInfo(c.ColumnName ?? $"_c{i}", c.Position, DecodeType(c.TypeDesc), c.Comment))
            .ToList();
        return new Hs2Schema(columns);
    }

    static ImpalaType DecodeType(TTypeDesc? desc)
    {
        var entry = desc?.Types is { Count: > 0 } types ? types[0].PrimitiveEntry : null;
        if (entry is null) return ImpalaType.String; // complex types are not sent by Impala; show them as text
        var kind = (ImpalaTypeKind)(int)entry.Type;
        var q = entry.TypeQualifiers?.Qualifiers;
        int? Qualifier(string key) => q is not null && q.TryGetValue(key, out var v) && v.__isset.i32Value ? v.I32Value : null;
        return kind switch
        {
            ImpalaTypeKind.Decimal => ImpalaType.Decimal(Qualifier("precision") ?? 9, Qualifier("scale") ?? 0),
            ImpalaTypeKind.Varchar or ImpalaTypeKind.Char => new ImpalaType(kind, Length: Qualifier("characterMaximumLength")),
            _ => new ImpalaType(kind),
        };
    }

    public static Hs2Batch Decode(TRowSet? rowSet, Hs2Schema schema)
    {
        if (rowSet is null) return new Hs2Batch(0, 0, []);
        if (rowSet.__isset.columns && rowSet.Columns is not null)
            return DecodeColumnar(rowSet.StartRowOffset, rowSet.Columns, schema);
        return DecodeRows(rowSet.StartRowOffset, rowSet.Rows ?? [], schema);
    }

    static Hs2Batch DecodeColumnar(long start, List<TColumn> wire, Hs2Schema schema)
    {
        if (wire.Count == 0) return new Hs2Batch(start, 0, []);
        if (wire.Count != schema.Count)
            throw new Hs2Exception($"the server sent {wire.Count} columns for a result of {schema.Count}");
        var columns = new Hs2Column[wire.Count];
        for (var i = 0; i < wire.Count; i++) columns[i] = DecodeColumn(wire[i], schema[i]);
        var rows = columns[0].Count;
        foreach (var c in columns)
            if (c.Count != rows) throw new Hs2Exception($"column {c.Info.Name} has {c.Count} values, column {columns[0].Info.Name} {rows}");
        return new Hs2Batch(start, rows, columns);
    }

    static Hs2Column DecodeColumn(TColumn c, Hs2ColumnInfo info)
    {
        if (c.BoolVal is { } b) return new Hs2Column(info, b.Values ?? [], new Hs2NullMask(b.Nulls));
        if (c.ByteVal is { } y) return new Hs2Column(info, y.Values ?? [], new Hs2NullMask(y.Nulls));
        if (c.I16Val is { } s) return new Hs2Column(info, s.Values ?? [], new Hs2NullMask(s.Nulls));
        if (c.I32Val is { } i) return new Hs2Column(info, i.Values ?? [], new Hs2NullMask(i.Nulls));
        if (c.I64Val is { } l) return new Hs2Column(info, l.Values ?? [], new Hs2NullMask(l.Nulls));
        if (c.DoubleVal is { } d) return new Hs2Column(info, d.Values ?? [], new Hs2NullMask(d.Nulls));
        if (c.StringVal is { } t) return new Hs2Column(info, t.Values ?? [], new Hs2NullMask(t.Nulls));
        if (c.BinaryVal is { } n) return new Hs2Column(info, n.Values ?? [], new Hs2NullMask(n.Nulls));
        throw new Hs2Exception($"column {info.Name}: the server sent a TColumn with no values");
    }

    /// <summary>Row-based sets carry one TColumnValue per cell; an unset value is NULL.</summary>
    static Hs2Batch DecodeRows(long start, List<TRow> rows, Hs2Schema schema)
    {
        var columns = new Hs2Column[schema.Count];
        for (var c = 0; c < schema.Count; c++)
        {
            var info = schema[c];
            var nulls = new bool[rows.Count];
            switch (info.Type.WireKind)
            {
                case Hs2WireKind.Boolean: columns[c] = new Hs2Column(info, Pivot(rows, c, nulls, v => v.BoolVal, x => x.__isset.value, x => x.Value), new Hs2NullMask(Hs2NullMask.Encode(nulls))); break;
                case Hs2WireKind.Byte: columns[c] = new Hs2Column(info, Pivot(rows, c, nulls, v => v.ByteVal, x => x.__isset.@value, x => x.Value), new Hs2NullMask(Hs2NullMask.Encode(nulls))); break;
                case Hs2WireKind.Int16: columns[c] = new Hs2Column(info, Pivot(rows, c, nulls, v => v.I16Val, x => x.__isset.value, x => x.Value), new Hs2NullMask(Hs2NullMask.Encode(nulls))); break;
                case Hs2WireKind.Int32: columns[c] = new Hs2Column(info, Pivot(rows, c, nulls, v => v.I32Val, x => x.__isset.value, x => x.Value), new Hs2NullMask(Hs2NullMask.Encode(nulls))); break;
                // Row-based BIGINT may also be sent for TIMESTAMP by old servers; we only read i64 here.
                case Hs2WireKind.Int64: columns[c] = new Hs2Column(info, Pivot(rows, c, nulls, v => v.I64Val, x => x.__isset.value, x => x.Value), new Hs2NullMask(Hs2NullMask.Encode(nulls))); break;
                case Hs2WireKind.Double: columns[c] = new Hs2Column(info, Pivot(rows, c, nulls, v => v.DoubleVal, x => x.__isset.value, x => x.Value), new Hs2NullMask(Hs2NullMask.Encode(nulls))); break;
                default: columns[c] = new Hs2Column(info, Pivot(rows, c, nulls, v => v.StringVal, x => x.__isset.value, x => x.Value ?? ""), new Hs2NullMask(Hs2NullMask.Encode(nulls))); break;
            }
        }
        return new Hs2Batch(start, rows.Count, columns);
    }

    static List<T> Pivot<TValue, T>(List<TRow> rows, int column, bool[] nulls, Func<TColumnValue, TValue?> pick, Func<TValue, bool> isSet, Func<TValue, T> value)
        where TValue : class
    {
        var list = new List<T>(rows.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            var cell = rows[r].ColVals is { } vals && column < vals.Count ? pick(vals[column]) : null;
            if (cell is not null && isSet(cell)) list.Add(value(cell));
            else
            {
                nulls[r] = true;
                list.Add(default!);
            }
        }
        return list;
    }
}
