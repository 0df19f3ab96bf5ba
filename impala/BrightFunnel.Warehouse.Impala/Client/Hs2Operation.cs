using System.Runtime.CompilerServices;
using BrightFunnel.Warehouse.Impala.Thrift;
using NLog;

namespace BrightFunnel.Warehouse.Impala.Client;

/// <summary>
/// A statement that has finished executing on the server: its schema, its results (fetched in
/// columnar batches, once, front to back), its log and profile. Dispose closes it on the server.
/// </summary>
public sealed class Hs2Operation : IAsyncDisposable
{
    static readonly Logger Log = LogManager.GetCurrentClassLogger();

    readonly Hs2Session session;
    readonly int fetchSize;
    bool fetchStarted;
    bool closed;

    internal Hs2Operation(Hs2Session session, TOperationHandle handle, string statement, int fetchSize)
    {
        this.session = session;
        this.fetchSize = fetchSize;
        Handle = handle;
        Statement = statement;
        FirstLine = Statements.FirstLine(statement);
        HasResultSet = handle.HasResultSet;
    }

    internal TOperationHandle Handle { get; }

    internal Hs2Session Session => session;

    public string Statement { get; }

    /// <summary>The statement's first non-blank line, as errors quote it.</summary>
    public string FirstLine { get; }

    /// <summary>False for statements without rows (most DDL); fetching then yields nothing.</summary>
    public bool HasResultSet { get; }

    public Hs2Schema Schema { get; private set; } = Hs2Schema.Empty;

    Hs2Connection Connection => session.Connection;

    internal async Task LoadSchemaAsync(CancellationToken ct)
    {
        var request = new TGetResultSetMetadataReq(Handle);
        var response = await Connection.CallAsync("GetResultSetMetadata", idempotent: true, (c, t) => c.GetResultSetMetadata(request, t), Statement, ct);
        Hs2Status.ThrowIfError(response.Status, "GetResultSetMetadata", Statement);
        Schema = RowSetDecoder.DecodeSchema(response.Schema);
    }

    /// <summary>
    /// Streams the result as columnar batches of up to <paramref name="batchSize"/> rows. Ends at
    /// the server's final empty batch (or when it says there are no more rows). While the caller
    /// works on one batch the next is already being fetched, so server time, transfer and
    /// decoding overlap the caller's own work. FetchResults moves a server-side cursor, so it is
    /// never retried: a broken connection here is an error.
    /// </summary>
    public async IAsyncEnumerable<Hs2Batch> FetchBatchesAsync(int? batchSize = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(closed, this);
        if (!HasResultSet) yield break;
        if (fetchStarted) throw new InvalidOperationException($"the results of this query are already being read — query: {FirstLine}");
        fetchStarted = true;
        var request = new TFetchResultsReq(Handle, TFetchOrientation.FETCH_NEXT, batchSize ?? fetchSize);
        var next = FetchOneAsync(request, ct);
        try
        {
            while (true)
            {
                var (batch, more) = await next;
                next = null;
                if (batch.RowCount == 0) yield break;
                if (!more)
                {
                    yield return batch;
                    yield break;
                }
                next = FetchOneAsync(request, ct);
                yield return batch;
            }
        }
        finally
        {
            // A reader that stops early must not leave a fetch running on the shared connection.
            if (next is not null)
                try { await next; }
                catch (Exception e) when (e is Hs2Exception or OperationCanceledException) { }
        }
    }

    async Task<(Hs2Batch Batch, bool More)> FetchOneAsync(TFetchResultsReq request, CancellationToken ct)
    {
        var response = await Connection.CallAsync("FetchResults", idempotent: false, (c, t) => c.FetchResults(request, t), Statement, ct);
        Hs2Status.ThrowIfError(response.Status, "FetchResults", Statement);
        var batch = RowSetDecoder.Decode(response.Results, Schema);
        // An unset hasMoreRows means "keep going until an empty batch".
        return (batch, !response.__isset.hasMoreRows || response.HasMoreRows);
    }

    /// <summary>A forward-only row reader over the batches.</summary>
    public Hs2RowReader ReadRows(int? batchSize = null, CancellationToken ct = default) =>
        new(Schema, FetchBatchesAsync(batchSize, ct).GetAsyncEnumerator(ct));

    /// <summary>Every row in memory as CLR values (see <see cref="Hs2Column.GetValue"/>): for small results.</summary>
    public async Task<Hs2Result> ReadAllAsync(CancellationToken ct = default)
    {
        var rows = new List<object?[]>();
        await foreach (var batch in FetchBatchesAsync(null, ct))
            for (var r = 0; r < batch.RowCount; r++)
            {
                var row = new object?[batch.Columns.Count];
                for (var c = 0; c < row.Length; c++) row[c] = batch.Columns[c].GetValue(r);
                rows.Add(row);
            }
        return new Hs2Result(Schema, rows);
    }

    /// <summary>Impala's log for the query (warnings, progress), as text.</summary>
    public async Task<string> GetLogAsync(CancellationToken ct = default)
    {
        var request = new TGetLogReq(Handle);
        var response = await Connection.CallAsync("GetLog", idempotent: true, (c, t) => c.GetLog(request, t), Statement, ct);
        Hs2Status.ThrowIfError(response.Status, "GetLog", Statement);
        return response.Log ?? "";
    }

    /// <summary>Impala's runtime profile of the query, as text (Impala's GetRuntimeProfile).</summary>
    public async Task<string> GetRuntimeProfileAsync(CancellationToken ct = default)
    {
        var request = new TGetRuntimeProfileReq { OperationHandle = Handle, SessionHandle = session.Handle, Format = TRuntimeProfileFormat.STRING };
        var response = await Connection.CallAsync("GetRuntimeProfile", idempotent: true, (c, t) => c.GetRuntimeProfile(request, t), Statement, ct);
        Hs2Status.ThrowIfError(response.Status, "GetRuntimeProfile", Statement);
        return response.Profile ?? "";
    }

    public async Task CancelAsync(CancellationToken ct = default)
    {
        var request = new TCancelOperationReq(Handle);
        var response = await Connection.CallAsync("CancelOperation", idempotent: true, (c, t) => c.CancelOperation(request, t), Statement, ct);
        Hs2Status.ThrowIfError(response.Status, "CancelOperation", Statement);
    }

    public async Task CloseAsync(CancellationToken ct = default)
    {
        if (closed) return;
        var request = new TCloseOperationReq(Handle);
        var response = await Connection.CallAsync("CloseOperation", idempotent: true, (c, t) => c.CloseOperation(request, t), Statement, ct);
        closed = true;
        Hs2Status.ThrowIfError(response.Status, "CloseOperation", Statement);
    }

    /// <summary>Cancel then close, for paths that are already failing: problems are logged, not thrown.</summary>
    internal async Task CancelQuietlyAsync()
    {
        try { await CancelAsync(CancellationToken.None); }
        catch (Hs2Exception e) { Log.Warn("cancelling '{query}' failed: {error}", FirstLine, e.Message); }
        await CloseQuietlyAsync();
    }

    internal async Task CloseQuietlyAsync()
    {
        try { await CloseAsync(CancellationToken.None); }
        catch (Exception e) when (e is Hs2Exception or ObjectDisposedException)
        {
            Log.Warn("closing '{query}' failed: {error}", FirstLine, e.Message);
        }
    }

    public async ValueTask DisposeAsync() => await CloseQuietlyAsync();
}
