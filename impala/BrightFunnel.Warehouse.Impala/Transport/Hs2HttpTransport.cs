using System.Net;
using System.Net.Http.Headers;
using BrightFunnel.Warehouse.Impala.Client;
using Thrift;
using Thrift.Transport;

namespace BrightFunnel.Warehouse.Impala.Transport;

/// <summary>
/// HS2 over HTTP as Impala serves it: each Thrift message is one POST to <c>/cliservice</c>
/// (<c>application/x-thrift</c>), the reply is the response body. Basic auth (or a SPNEGO token) is sent until the
/// server hands out a session cookie; after that only the cookie, and a 401 (expired cookie)
/// is answered once more with fresh credentials — safe, because a 401 means nothing was executed.
/// </summary>
sealed class Hs2HttpTransport(HttpClient http, CookieContainer cookies, Uri uri, Func<AuthenticationHeaderValue>? authorization, string endpoint, TConfiguration config)
    : TEndpointTransport(config)
{
    static readonly MediaTypeHeaderValue ThriftMedia = new("application/x-thrift");

    readonly MemoryStream outgoing = new();
    MemoryStream? incoming;
    bool open;

    public override bool IsOpen => open;

    public override Task OpenAsync(CancellationToken cancellationToken)
    {
        open = true;
        return Task.CompletedTask;
    }

    public override void Close() => open = false;

    public override async ValueTask<int> ReadAsync(byte[] buffer, int offset, int length, CancellationToken cancellationToken)
    {
        if (incoming is null) throw new TTransportException(TTransportException.ExceptionType.NotOpen, "no HTTP response to read");
        var read = await incoming.ReadAsync(buffer.AsMemory(offset, length), cancellationToken);
        if (read == 0 && length > 0) throw new TTransportException(TTransportException.ExceptionType.EndOfFile, "HTTP response ended early");
        return read;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int length, CancellationToken cancellationToken)
    {
        outgoing.Write(buffer, offset, length);
        return Task.CompletedTask;
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        var body = outgoing.ToArray();
        outgoing.SetLength(0);
        ResetMessageSizeAndConsumedBytes();
        var withAuth = cookies.GetCookies(uri).Count == 0;
        var response = await PostAsync(body, withAuth, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized && !withAuth && authorization is not null)
        {
            response.Dispose();
            response = await PostAsync(body, withAuth: true, cancellationToken);
        }
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.Unauthorized)
                throw new Hs2AuthenticationException(endpoint, "HTTP 401: the server refused the credentials");
            if (!response.IsSuccessStatusCode)
                throw new TTransportException(TTransportException.ExceptionType.Unknown, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase} from {uri}");
            incoming = new MemoryStream(await response.Content.ReadAsByteArrayAsync(cancellationToken), writable: false);
        }
    }

    async Task<HttpResponseMessage> PostAsync(byte[] body, bool withAuth, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = ThriftMedia;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/x-thrift"));
        if (withAuth && authorization is not null) request.Headers.Authorization = authorization();
        return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            outgoing.Dispose();
            incoming?.Dispose();
        }
    }
}
