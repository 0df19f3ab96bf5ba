using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Impala.Types;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Loading;

/// <summary>
/// Writes the columnar batches an Impala query returns as LOAD DATA text (<see cref="LoadDataTextWriter"/>),
/// so a result streams into <c>LOAD DATA LOCAL</c> without a row object in between. Values are
/// read straight from the wire lists; DATE and DECIMAL keep Impala's text, which MySQL reads as
/// is, and TIMESTAMP is cut to the microseconds MySQL can hold.
/// </summary>
/// <param name="compressedColumn">A text column written compressed (<see cref="CompressedText"/>), or null.</param>
public sealed class Hs2BatchTextWriter(Stream output, string? compressedColumn = null)
{
    readonly LoadDataTextWriter text = new(output);

    public long RowsWritten => text.Rows;

    /// <summary>Writes every batch, then flushes; returns the number of rows written.</summary>
    public static async Task<long> WriteAllAsync(IAsyncEnumerable<Hs2Batch> batches, Stream output, CancellationToken ct = default)
    {
        var writer = new Hs2BatchTextWriter(output);
        await foreach (var batch in batches.WithCancellation(ct)) writer.Write(batch);
        writer.Flush();
        return writer.RowsWritten;
    }

    public void Write(Hs2Batch batch)
    {
        var columns = batch.Columns;
        // Which column is compressed is found once a batch, not once a value.
        var compressed = -1;
        for (var c = 0; c < columns.Count && compressedColumn is not null; c++)
            if (columns[c].Kind == Hs2WireKind.String && columns[c].Info.Name.Equals(compressedColumn, StringComparison.OrdinalIgnoreCase)) compressed = c;
        for (var r = 0; r < batch.RowCount; r++)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                if (c == compressed && !columns[c].IsNull(r)) text.Value(CompressedText.Compress(columns[c].GetString(r)).AsSpan());
                else Value(columns[c], r);
            }
            text.EndRow();
        }
    }

    public void Flush() => text.Flush();

    void Value(Hs2Column column, int row)
    {
        if (column.IsNull(row)) { text.Null(); return; }
        switch (column.Kind)
        {
            case Hs2WireKind.Boolean: text.Value(column.GetBoolean(row)); break;
            case Hs2WireKind.Byte or Hs2WireKind.Int16 or Hs2WireKind.Int32 or Hs2WireKind.Int64: text.Value(column.GetInt64(row)); break;
            case Hs2WireKind.Double: text.Value(column.GetDouble(row)); break;
            case Hs2WireKind.Binary: text.Value(column.GetBytes(row).AsSpan()); break;
            case Hs2WireKind.String when column.Info.Type.Kind == ImpalaTypeKind.Timestamp: text.Value(Microseconds(column.GetString(row))); break;
            default: text.Value(column.GetString(row)); break;
        }
    }

    /// <summary>Impala prints nanoseconds; MySQL keeps at most microseconds and may refuse more digits.</summary>
    static string Microseconds(string timestamp)
    {
        var dot = timestamp.IndexOf('.');
        return dot >= 0 && timestamp.Length - dot - 1 > 6 ? timestamp[..(dot + 7)] : timestamp;
    }
}
