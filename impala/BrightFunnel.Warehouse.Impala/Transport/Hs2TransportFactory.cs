using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using BrightFunnel.Warehouse.Impala.Client;
using Thrift;
using Thrift.Transport;

namespace BrightFunnel.Warehouse.Impala.Transport;

/// <summary>
/// Opens the Thrift transport an <see cref="Hs2Options"/> describes, the way Impala expects it:
/// NOSASL → unframed buffered binary; PLAIN → SASL handshake then 4-byte framed; TLS under
/// either; HTTP → POSTs to <c>/cliservice</c> with Basic auth and cookies.
/// </summary>
sealed class Hs2TransportFactory : IDisposable
{
    const int BufferSize = 64 * 1024;

    readonly Hs2Options options;
    readonly CookieContainer cookies = new();
    readonly Lazy<HttpClient> http;

    public Hs2TransportFactory(Hs2Options options)
    {
        this.options = options;
        http = new Lazy<HttpClient>(CreateHttpClient);
    }

    public async Task<TTransport> OpenAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.ConnectTimeout);
        try
        {
            var transport = options.Transport == Hs2TransportMode.Http ? OpenHttp() : await OpenBinaryAsync(timeout.Token);
            await transport.OpenAsync(timeout.Token);
            return transport;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new Hs2ConnectionException(options.Endpoint, $"could not connect within {options.ConnectTimeout.TotalSeconds:0.#} s");
        }
    }

    async Task<TTransport> OpenBinaryAsync(CancellationToken ct)
    {
        var socket = new TcpClient { NoDelay = true };
        try
        {
            await socket.ConnectAsync(options.Host, options.Port, ct);
            Stream stream = socket.GetStream();
            if (options.UseTls)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = options.Host,
                    RemoteCertificateValidationCallback = options.CertificateValidation,
                }, ct);
                stream = tls;
            }
            if (options.Auth == Hs2AuthMechanism.Kerberos)
            {
                await SaslGssapiClient.AuthenticateAsync(stream, options, ct);
                return new TFramedTransport(new SocketStreamTransport(stream, socket, Hs2Configuration.Create()));
            }
            if (options.Auth == Hs2AuthMechanism.Plain)
            {
                await SaslPlainClient.AuthenticateAsync(stream, Credentials(), options.Endpoint, ct);
                return new TFramedTransport(new SocketStreamTransport(stream, socket, Hs2Configuration.Create()));
            }
            return new TBufferedTransport(new SocketStreamTransport(stream, socket, Hs2Configuration.Create()), BufferSize);
        }
        catch (Exception e) when (e is SocketException or IOException or System.Security.Authentication.AuthenticationException)
        {
            socket.Dispose();
            throw new Hs2ConnectionException(options.Endpoint, $"cannot connect: {options.CertificatePolicy?.Refusal ?? e.Message}", inner: e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    TTransport OpenHttp()
    {
        var uri = new UriBuilder(options.UseTls ? "https" : "http", options.Host, options.Port, options.HttpPath).Uri;
        Func<AuthenticationHeaderValue>? authorization = options.Auth switch
        {
            Hs2AuthMechanism.Plain => () => new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.User}:{options.Password}"))),
            // SPNEGO: a fresh Kerberos token each time the server asks (no cookie yet, or it expired).
            Hs2AuthMechanism.Kerberos => () => new AuthenticationHeaderValue("Negotiate", Convert.ToBase64String(SaslGssapiClient.SpnegoToken(options))),
            _ => null,
        };
        return new Hs2HttpTransport(http.Value, cookies, uri, authorization, options.Endpoint, Hs2Configuration.Create());
    }

    HttpClient CreateHttpClient()
    {
        var handler = new SocketsHttpHandler
        {
            CookieContainer = cookies,
            UseCookies = true,
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = options.CertificateValidation },
        };
        // The RPC timeout is applied per call by the connection; HttpClient's own would race it.
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    SaslPlainCredentials Credentials() => new(options.User ?? "", options.Password ?? "");

    public void Dispose()
    {
        if (http.IsValueCreated) http.Value.Dispose();
    }
}
