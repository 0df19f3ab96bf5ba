using System.Net.Sockets;
using BrightFunnel.Warehouse.Impala.Thrift;
using BrightFunnel.Warehouse.Impala.Transport;
using NLog;
using Thrift;
using Thrift.Protocol;
using Thrift.Transport;

namespace BrightFunnel.Warehouse.Impala.Client;

/// <summary>
/// One HS2 connection to an Impala daemon. Runs one RPC at a time (Thrift clients are not
/// re-entrant); several sessions may share it. A broken transport is reopened on the next call.
/// Only idempotent RPCs are retried after a failure that happened once the request could have
/// reached the server; connecting itself is retried for every call, since nothing was sent yet.
/// </summary>
public sealed class Hs2Connection : IAsyncDisposable
{
    static readonly Logger Log = LogManager.GetCurrentClassLogger();

    /// <summary>Not an RPC: the name under which opening the transport itself is retried and reported.</summary>
    const string ConnectRpc = "Connect";

    readonly Hs2TransportFactory transports;
    readonly SemaphoreSlim gate = new(1, 1);
    TTransport? transport;
    ImpalaHiveServer2Service.Client? client;
    bool disposed;

    Hs2Connection(Hs2Options options)
    {
        Options = options;
        transports = new Hs2TransportFactory(options);
    }

    public Hs2Options Options { get; }

    /// <summary>Connects (with the configured retries) and returns the open connection.</summary>
    public static async Task<Hs2Connection> OpenAsync(Hs2Options options, CancellationToken ct = default)
    {
        options.Validate();
        var connection = new Hs2Connection(options);
        try
        {
            await connection.CallAsync(ConnectRpc, idempotent: true, (_, _) => Task.FromResult(true), null, ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens a session (protocol V6 requested; the server's answer is kept on the session).</summary>
    public async Task<Hs2Session> OpenSessionAsync(IReadOnlyDictionary<string, string>? configuration = null, CancellationToken ct = default)
    {
        var request = new TOpenSessionReq(TProtocolVersion.HIVE_CLI_SERVICE_PROTOCOL_V6)
        {
            Configuration = new Dictionary<string, string>(configuration ?? Options.SessionConfiguration),
        };
        // Over SASL or HTTP the server authenticates the transport; the request carries the user
        // name (never the password) so the session is attributed to it.
        if (!string.IsNullOrEmpty(Options.User)) request.Username = Options.User;
        var response = await CallAsync("OpenSession", idempotent: true, (c, t) => c.OpenSession(request, t), null, ct);
        Hs2Status.ThrowIfError(response.Status, "OpenSession", null);
        if (response.SessionHandle is null) throw new Hs2Exception($"OpenSession on {Options.Endpoint} returned no session handle");
        var version = (int)response.ServerProtocolVersion + 1;
        return new Hs2Session(this, response.SessionHandle, version, response.Configuration ?? new Dictionary<string, string>());
    }

    /// <summary>
    /// Runs one RPC. A transport failure breaks the connection (the byte stream is out of step) and
    /// is retried only if nothing reached the server yet or the RPC is idempotent.
    /// </summary>
    internal async Task<T> CallAsync<T>(string rpc, bool idempotent, Func<ImpalaHiveServer2Service.Client, CancellationToken, Task<T>> call, string? statement, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            // Outside the try: a wait cancelled before the gate was taken must not release it.
            await gate.WaitAsync(ct);
            var sent = false;
            try
            {
                ObjectDisposedException.ThrowIf(disposed, this);
                if (client is null) await ConnectAsync(ct);
                sent = true;
                using var rpcTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                rpcTimeout.CancelAfter(Options.RpcTimeout);
                return await call(client!, rpcTimeout.Token);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Interrupted half-way through a message: the stream can no longer be trusted.
                if (sent) Drop();
                throw;
            }
            catch (Exception e) when (IsBrokenTransport(e))
            {
                Drop();
                var retry = e is not Hs2AuthenticationException && (!sent || idempotent) && attempt < Options.MaxRetries;
                if (!retry) throw Failure(e, rpc, sent, idempotent, attempt + 1, statement);
                Log.Warn("{endpoint}: {rpc} failed ({reason}); retrying", Options.Endpoint, rpc, Reason(e));
            }
            finally
            {
                gate.Release();
            }
            await Task.Delay(Options.RetryDelay * (attempt + 1), ct);
        }
    }

    async Task ConnectAsync(CancellationToken ct)
    {
        transport = await transports.OpenAsync(ct);
        client = new ImpalaHiveServer2Service.Client(new TBinaryProtocol(transport));
    }

    void Drop()
    {
        try { transport?.Dispose(); }
        catch (Exception e) { Log.Debug(e, "closing a broken transport"); }
        transport = null;
        client = null;
    }

    static bool IsBrokenTransport(Exception e) => e is TTransportException or TProtocolException or IOException
        or SocketException or HttpRequestException or Hs2ConnectionException or OperationCanceledException;

    Hs2ConnectionException Failure(Exception e, string rpc, bool sent, bool idempotent, int attempts, string? statement)
    {
        if (e is Hs2AuthenticationException auth) return auth;
        var what = !sent ? Reason(e) + (rpc == ConnectRpc ? "" : $"; {rpc} was not sent")
            : idempotent ? $"connection lost during {rpc}: {Reason(e)}"
            : $"connection lost during {rpc}: {Reason(e)}; not retried, {rpc} is not idempotent";
        if (attempts > 1) what += $" (after {attempts} attempts)";
        if (statement is not null) what += $" — query: {Statements.FirstLine(statement)}";
        return new Hs2ConnectionException(Options.Endpoint, what, rpc, e);
    }

    string Reason(Exception e) => e switch
    {
        HttpRequestException { InnerException: System.Security.Authentication.AuthenticationException } when Options.CertificatePolicy?.Refusal is { } refusal => refusal,
        Hs2ConnectionException c => c.Message[(c.Message.IndexOf(": ", StringComparison.Ordinal) + 2)..],
        OperationCanceledException => $"no answer within {Options.RpcTimeout.TotalSeconds:0.#} s",
        TTransportException { Type: TTransportException.ExceptionType.EndOfFile } => "the server closed the connection",
        TTransportException { Type: TTransportException.ExceptionType.NotOpen } => "the connection is closed",
        _ => e.Message,
    };

    public async ValueTask DisposeAsync()
    {
        await gate.WaitAsync();
        try
        {
            if (disposed) return;
            disposed = true;
            Drop();
            transports.Dispose();
        }
        finally
        {
            gate.Release();
        }
    }
}

static class Hs2Status
{
    /// <summary>Turns a TStatus in error into an exception naming the statement (or the RPC).</summary>
    public static void ThrowIfError(TStatus? status, string rpc, string? statement)
    {
        if (status is null) throw new Hs2Exception($"{rpc}: the server sent no status");
        if (status.StatusCode is TStatusCode.SUCCESS_STATUS or TStatusCode.SUCCESS_WITH_INFO_STATUS or TStatusCode.STILL_EXECUTING_STATUS) return;
        var message = string.IsNullOrWhiteSpace(status.ErrorMessage) ? status.StatusCode.ToString() : status.ErrorMessage;
        throw new Hs2QueryException(status.SqlState, message, statement is null ? $"({rpc})" : Statements.FirstLine(statement),
            status.ErrorCode, statement is null ? $"{rpc} failed" : null);
    }
}
