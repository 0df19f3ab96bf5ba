using System.Net.Security;
using System.Net.Sockets;
using BrightFunnel.Warehouse.Impala.Engine.Hs2;
using BrightFunnel.Warehouse.Impala.Thrift;
using BrightFunnel.Warehouse.Impala.Transport;
using NLog;
using Thrift;
using Thrift.Protocol;
using Thrift.Transport;
using Thrift.Transport.Client;

namespace BrightFunnel.Warehouse.Impala.Engine.Server;

/// <summary>
/// Serves one accepted socket. The first byte says what the client speaks: 0x16 a TLS hello
/// (unwrapped, then looked at again), 0x01 a SASL START (PLAIN, then framed Thrift), a letter an
/// HTTP request, anything else unframed binary Thrift — which is refused when the engine asks for
/// authentication, exactly as an LDAP-enabled Impala drops a client that skips SASL.
/// </summary>
sealed class ClientConnection(EngineContext engine, HttpCliService http, TcpClient socket, long id)
{
    static readonly Logger Log = LogManager.GetCurrentClassLogger();

    public long Id { get; } = id;

    public void Abort() => socket.Dispose();

    public async Task RunAsync(CancellationToken ct)
    {
        socket.NoDelay = true;
        try
        {
            if (await PeekAsync(socket.GetStream(), ct) is not { } peeked) return;
            var (stream, first) = peeked;
            if (first == 0x16)
            {
                if (engine.Options.Certificate is null) return; // a TLS client on a plain port: nothing to say
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = engine.Options.Certificate }, ct);
                if (await PeekAsync(tls, ct) is not { } inner) return;
                (stream, first) = inner;
            }
            if (first == (byte)SaslStatus.Start) await ServeSaslAsync(stream, ct);
            else if (first is >= (byte)'A' and <= (byte)'Z') await http.ServeAsync(stream, new ConnectionContext(Id, isHttp: true), ct);
            else if (!engine.Options.RequiresAuthentication) await ServeThriftAsync(Buffered(stream), new ConnectionContext(Id, isHttp: false), ct);
            else Log.Info("connection {id}: refused, the engine requires SASL PLAIN", Id);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException
                                   or TTransportException or InvalidDataException or System.Security.Authentication.AuthenticationException)
        {
            Log.Debug("connection {id} ended: {reason}", Id, e.Message);
        }
        finally
        {
            socket.Dispose();
            engine.Sessions.ConnectionClosed(Id);
        }
    }

    async Task ServeSaslAsync(Stream stream, CancellationToken ct)
    {
        var user = await SaslPlainServer.AuthenticateAsync(stream, engine.Options, ct);
        if (user is null) return;
        var transport = new TFramedTransport(new TStreamTransport(stream, stream, Hs2Configuration.Create()));
        await ServeThriftAsync(transport, new ConnectionContext(Id, isHttp: false) { AuthenticatedUser = user }, ct);
    }

    static TTransport Buffered(Stream stream) =>
        new TBufferedTransport(new TStreamTransport(stream, stream, Hs2Configuration.Create()), 64 * 1024);

    async Task ServeThriftAsync(TTransport transport, ConnectionContext connection, CancellationToken ct)
    {
        using (transport)
        {
            var processor = new ImpalaHiveServer2Service.AsyncProcessor(new Hs2Service(engine, connection));
            var protocol = new TBinaryProtocol(transport);
            while (!ct.IsCancellationRequested && await processor.ProcessAsync(protocol, protocol, ct)) { }
        }
    }

    /// <summary>Reads one byte and returns a stream that will read it again.</summary>
    static async Task<(Stream Stream, byte Byte)?> PeekAsync(Stream stream, CancellationToken ct)
    {
        var one = new byte[1];
        if (await stream.ReadAsync(one, ct) == 0) return null;
        return (new PrefixedStream(one, stream), one[0]);
    }
}
