using BrightFunnel.Warehouse.Impala.Thrift;
using NLog;

namespace BrightFunnel.Warehouse.Impala.Client;

/// <summary>
/// An HS2 session: statements run here, with the session's query options and current database.
/// Dispose closes it on the server (and the connection too, if the session opened it).
/// </summary>
public sealed class Hs2Session : IAsyncDisposable
{
    static readonly Logger Log = LogManager.GetCurrentClassLogger();

    bool closed;
    bool ownsConnection;

    internal Hs2Session(Hs2Connection connection, TSessionHandle handle, int protocolVersion, IReadOnlyDictionary<string, string> configuration)
    {
        Connection = connection;
        Handle = handle;
        ProtocolVersion = protocolVersion;
        Configuration = configuration;
    }

    /// <summary>Connects and opens a session in one step; disposing the session closes both.</summary>
    public static async Task<Hs2Session> OpenAsync(Hs2Options options, CancellationToken ct = default)
    {
        var connection = await Hs2Connection.OpenAsync(options, ct);
        try
        {
            var session = await connection.OpenSessionAsync(null, ct);
            session.ownsConnection = true;
            return session;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public Hs2Connection Connection { get; }

    /// <summary>The protocol version the server answered with (Impala: 6, columnar row sets).</summary>
    public int ProtocolVersion { get; }

    /// <summary>The configuration the server reported for the session.</summary>
    public IReadOnlyDictionary<string, string> Configuration { get; }

    internal TSessionHandle Handle { get; }

    /// <summary>
    /// Runs a statement and waits (polling with growing sleeps) until its results can be fetched.
    /// On timeout or cancellation the query is cancelled and closed on the server before this throws.
    /// </summary>
    public async Task<Hs2Operation> ExecuteAsync(string sql, Hs2QueryOptions? options = null, CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(closed, this);
        var request = new TExecuteStatementReq(Handle, sql)
        {
            ConfOverlay = new Dictionary<string, string>(options?.QueryOptions ?? new Dictionary<string, string>()),
            RunAsync = true,
        };
        var response = await Connection.CallAsync("ExecuteStatement", idempotent: false, (c, t) => c.ExecuteStatement(request, t), sql, ct);
        Hs2Status.ThrowIfError(response.Status, "ExecuteStatement", sql);
        if (response.OperationHandle is null) throw new Hs2Exception($"ExecuteStatement returned no operation — query: {Statements.FirstLine(sql)}");
        var operation = new Hs2Operation(this, response.OperationHandle, sql, options?.FetchSize ?? Connection.Options.FetchSize);
        try
        {
            var timeout = options?.Timeout ?? Connection.Options.QueryTimeout;
            await new OperationWaiter(Connection, Connection.Options).WaitUntilFinishedAsync(operation, timeout, ct);
            if (operation.HasResultSet) await operation.LoadSchemaAsync(ct);
            return operation;
        }
        catch
        {
            await operation.CloseQuietlyAsync();
            throw;
        }
    }

    /// <summary>Runs a statement whose result does not matter (DDL, REFRESH, …) and closes it.</summary>
    public async Task ExecuteNonQueryAsync(string sql, Hs2QueryOptions? options = null, CancellationToken ct = default)
    {
        await using var operation = await ExecuteAsync(sql, options, ct);
        await operation.CloseAsync(ct);
    }

    /// <summary>Runs a query and reads every row into memory: for small results only.</summary>
    public async Task<Hs2Result> QueryAsync(string sql, Hs2QueryOptions? options = null, CancellationToken ct = default)
    {
        await using var operation = await ExecuteAsync(sql, options, ct);
        var result = await operation.ReadAllAsync(ct);
        await operation.CloseAsync(ct);
        return result;
    }

    /// <summary>
    /// What the server says of itself (HS2 GetInfo): CLI_DBMS_NAME is "Impala" on impalad, "Apache Hive"
    /// on HiveServer2, "Spark SQL" on Spark's Thrift server. A type the server does not answer is an error.
    /// </summary>
    public async Task<string> GetInfoAsync(TGetInfoType type, CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(closed, this);
        TGetInfoResp response;
        try { response = await Connection.CallAsync("GetInfo", idempotent: true, (c, t) => c.GetInfo(new TGetInfoReq(Handle, type), t), null, ct); }
        // A server without the RPC answers Thrift's "unknown method" and stays usable.
        catch (global::Thrift.TApplicationException e) { throw new Hs2Exception($"GetInfo {type}: the server does not answer it ({e.Message})", e); }
        Hs2Status.ThrowIfError(response.Status, $"GetInfo {type}", null);
        return response.InfoValue is { __isset.stringValue: true } value ? value.StringValue ?? ""
            : throw new Hs2Exception($"GetInfo {type}: the server answered a number, not a string");
    }

    public async Task CloseAsync(CancellationToken ct = default)
    {
        if (closed) return;
        closed = true;
        var response = await Connection.CallAsync("CloseSession", idempotent: false, (c, t) => c.CloseSession(new TCloseSessionReq(Handle), t), null, ct);
        Hs2Status.ThrowIfError(response.Status, "CloseSession", null);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await CloseAsync();
        }
        catch (Exception e) when (e is Hs2Exception or ObjectDisposedException)
        {
            // Impala closes an abandoned session itself (idle/disconnected session timeout).
            Log.Warn("closing HS2 session on {endpoint} failed: {error}", Connection.Options.Endpoint, e.Message);
        }
        finally
        {
            if (ownsConnection) await Connection.DisposeAsync();
        }
    }
}
