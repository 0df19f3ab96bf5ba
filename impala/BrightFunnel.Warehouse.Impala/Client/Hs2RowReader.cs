namespace BrightFunnel.Warehouse.Impala.Client;

/// <summary>
/// Row-at-a-time view over a stream of columnar batches, in the shape of a data reader:
/// <c>while (await reader.ReadAsync()) reader.GetInt64(0)</c>. No per-row allocation.
/// </summary>
public sealed class Hs2RowReader(Hs2Schema schema, IAsyncEnumerator<Hs2Batch> batches) : IAsyncDisposable
{
    Hs2Batch? batch;
    int row = -1;

    public Hs2Schema Schema { get; } = schema;

    public int FieldCount => Schema.Count;

    /// <summary>Rows read so far, the current one included.</summary>
    public long RowsRead { get; private set; }

    public async ValueTask<bool> ReadAsync()
    {
        while (batch is null || ++row >= batch.RowCount)
        {
            if (!await batches.MoveNextAsync())
            {
                batch = null;
                return false;
            }
            batch = batches.Current;
            row = -1;
        }
        RowsRead++;
        return true;
    }

    Hs2Column Column(int ordinal) => (batch ?? throw new InvalidOperationException("call ReadAsync first")).Columns[ordinal];

    public string GetName(int ordinal) => Schema[ordinal].Name;
    public int GetOrdinal(string name) => Schema.IndexOf(name) is >= 0 and var i ? i : throw new IndexOutOfRangeException($"no column '{name}'");
    public bool IsDBNull(int ordinal) => Column(ordinal).IsNull(row);
    public object? GetValue(int ordinal) => Column(ordinal).GetValue(row);
    public bool GetBoolean(int ordinal) => Column(ordinal).GetBoolean(row);
    public int GetInt32(int ordinal) => Column(ordinal).GetInt32(row);
    public long GetInt64(int ordinal) => Column(ordinal).GetInt64(row);
    public double GetDouble(int ordinal) => Column(ordinal).GetDouble(row);
    public decimal GetDecimal(int ordinal) => Column(ordinal).GetDecimal(row);
    public string GetString(int ordinal) => Column(ordinal).GetString(row);
    public DateTime GetDateTime(int ordinal) => Column(ordinal).GetDateTime(row);
    public DateOnly GetDate(int ordinal) => Column(ordinal).GetDate(row);

    public ValueTask DisposeAsync() => batches.DisposeAsync();
}
