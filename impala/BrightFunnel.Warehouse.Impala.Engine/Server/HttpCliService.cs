using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using BrightFunnel.Warehouse.Impala.Engine.Hs2;
using BrightFunnel.Warehouse.Impala.Thrift;
using BrightFunnel.Warehouse.Impala.Transport;
using Thrift.Protocol;
using Thrift.Transport.Client;

namespace BrightFunnel.Warehouse.Impala.Engine.Server;

/// <summary>
/// HS2 over HTTP as Impala serves it: <c>POST /cliservice</c>, one Thrift message per request.
/// With users configured, the first request authenticates with Basic auth and receives an
/// <c>impala.auth</c> cookie that stands in for the credentials afterwards.
/// </summary>
sealed class HttpCliService(EngineContext engine)
{
    public const string Path = "/cliservice";
    const string CookieName = "impala.auth";

    readonly ConcurrentDictionary<string, string> cookies = new(StringComparer.Ordinal);

    /// <summary>Session cookies handed out so far: a client that keeps its cookie authenticates once.</summary>
    public int CookiesIssued => cookies.Count;

    public async Task ServeAsync(Stream stream, ConnectionContext connection, CancellationToken ct)
    {
        var reader = new HttpRequestReader(stream);
        var processor = new EngineProcessor(new Hs2Service(engine, connection));
        while (await reader.ReadAsync(ct) is { } request)
        {
            if (request.Path != Path)
                await Respond(stream, 404, "Not Found", [], null, ct);
            else if (request.Method != "POST")
                await Respond(stream, 405, "Method Not Allowed", [], null, ct);
            else if (Authenticate(request, out var newCookie) is not { } user)
                await Respond(stream, 401, "Unauthorized", [], engine.Options.KerberosKeytab is null ? ["WWW-Authenticate: Basic realm=\"impala\""] : ["WWW-Authenticate: Negotiate", "WWW-Authenticate: Basic realm=\"impala\""], ct);
            else
            {
                connection.AuthenticatedUser = user == "" ? null : user;
                var reply = await ProcessAsync(processor, request.Body, ct);
                var extra = newCookie is null ? Array.Empty<string>() : [$"Set-Cookie: {CookieName}={newCookie}; Path=/; HttpOnly"];
                await Respond(stream, 200, "OK", reply, extra, ct);
            }
            if (request.WantsClose) break;
        }
    }

    static async Task<byte[]> ProcessAsync(ImpalaHiveServer2Service.AsyncProcessor processor, byte[] body, CancellationToken ct)
    {
        var config = Hs2Configuration.Create();
        using var input = new TMemoryBufferTransport(body, config);
        using var output = new TMemoryBufferTransport(config, 4096);
        await processor.ProcessAsync(new TBinaryProtocol(input), new TBinaryProtocol(output), ct);
        return output.GetBuffer();
    }

    /// <returns>The user ("" when no authentication is configured), or null to answer 401.</returns>
    string? Authenticate(HttpRequest request, out string? newCookie)
    {
        newCookie = null;
        if (!engine.Options.RequiresAuthentication) return "";
        if (CookieValue(request) is { } token && cookies.TryGetValue(token, out var known)) return known;
        if (request.Header("Authorization") is { } negotiate && negotiate.StartsWith("Negotiate ", StringComparison.OrdinalIgnoreCase)
            && engine.Options.KerberosKeytab is not null)
            return Issue(SpnegoUser(negotiate[10..].Trim()), out newCookie);
        if (request.Header("Authorization") is not { } auth || !auth.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return null;
        string decoded;
        try { decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth[6..].Trim())); }
        catch (FormatException) { return null; }
        var colon = decoded.IndexOf(':');
        if (colon < 0) return null;
        var user = decoded[..colon];
        if (!engine.Options.Accepts(user, decoded[(colon + 1)..])) return null;
        return Issue(user, out newCookie);
    }

    string? Issue(string? user, out string? newCookie)
    {
        newCookie = null;
        if (user is null) return null;
        newCookie = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        cookies[newCookie] = user;
        return user;
    }

    /// <summary>The client principal of a one-leg SPNEGO (Kerberos) token, accepted with the engine's keytab; null when refused.</summary>
    static string? SpnegoUser(string base64)
    {
        byte[] token;
        try { token = Convert.FromBase64String(base64); }
        catch (FormatException) { return null; }
        using var gss = new System.Net.Security.NegotiateAuthentication(new System.Net.Security.NegotiateAuthenticationServerOptions
        {
            Package = "Negotiate", Credential = System.Net.CredentialCache.DefaultNetworkCredentials,
        });
        gss.GetOutgoingBlob(token, out var status);
        return status == System.Net.Security.NegotiateAuthenticationStatusCode.Completed && gss.IsAuthenticated ? gss.RemoteIdentity.Name : null;
    }

    static string? CookieValue(HttpRequest request)
    {
        foreach (var part in (request.Header("Cookie") ?? "").Split(';'))
        {
            var kv = part.Trim();
            if (kv.StartsWith(CookieName + "=", StringComparison.Ordinal)) return kv[(CookieName.Length + 1)..];
        }
        return null;
    }

    static async Task Respond(Stream stream, int code, string reason, byte[] body, IEnumerable<string>? headers, CancellationToken ct)
    {
        var head = new StringBuilder()
            .Append($"HTTP/1.1 {code} {reason}\r\n")
            .Append("Content-Type: application/x-thrift\r\n")
            .Append($"Content-Length: {body.Length}\r\n");
        foreach (var h in headers ?? []) head.Append(h).Append("\r\n");
        head.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), ct);
        await stream.WriteAsync(body, ct);
        await stream.FlushAsync(ct);
    }
}
