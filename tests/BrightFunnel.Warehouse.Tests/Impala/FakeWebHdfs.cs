using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using BrightFunnel.Warehouse.Impala.Engine.Server;

namespace BrightFunnel.Warehouse.Tests.Impala;

/// <summary>
/// A namenode and a datanode in one loopback HTTP server, speaking the WebHDFS calls staging
/// uses: CREATE answers 307 to the datanode, which takes the bytes and answers 201; DELETE
/// removes a folder. Files land under <see cref="Root"/>, which can be a local engine's root.
/// </summary>
sealed class FakeWebHdfs : IAsyncDisposable
{
    readonly TcpListener listener = new(IPAddress.Loopback, 0);
    readonly CancellationTokenSource stop = new();
    readonly Task loop;

    public FakeWebHdfs(string root)
    {
        Root = root;
        listener.Start();
        loop = Task.Run(AcceptAsync);
    }

    public string Root { get; }

    /// <summary>As a Kerberos cluster's namenode: every WebHDFS call needs a SPNEGO token for HTTP/127.0.0.1 (the process's acceptor keytab).</summary>
    public bool RequireSpnego { get; init; }

    /// <summary>
    /// As a namenode whose HDFS permissions (or Ranger) do not let the user write: CREATE and DELETE
    /// answer 403 with HDFS's AccessControlException, which checks the permission before the path.
    /// </summary>
    public bool DenyWrites { get; init; }

    /// <summary>The principals SPNEGO authenticated, in order.</summary>
    public ConcurrentQueue<string> SpnegoUsers { get; } = new();

    public Uri Namenode => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");

    /// <summary>Every request seen, as "METHOD path?query (n bytes)".</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(stop.Token); }
            catch (Exception) { return; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var reader = new HttpRequestReader(stream);
            try
            {
                while (await reader.ReadAsync(stop.Token) is { } request)
                    await HandleAsync(stream, request);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException) { }
        }
    }

    async Task HandleAsync(Stream stream, HttpRequest request)
    {
        Requests.Enqueue($"{request.Method} {request.Path}?{request.Query} ({request.Body.Length} bytes)");
        if (RequireSpnego && request.Path.StartsWith("/webhdfs/v1/", StringComparison.Ordinal) && SpnegoUser(request) is null)
            await Respond(stream, 401, "Unauthorized", "{\"RemoteException\":{\"exception\":\"AuthenticationException\",\"message\":\"GSSException: no valid SPNEGO token\",\"javaClassName\":\"x\"}}", "WWW-Authenticate: Negotiate");
        else if (DenyWrites && request.Method is "PUT" or "DELETE" && request.Path.StartsWith("/webhdfs/v1/", StringComparison.Ordinal))
        {
            var user = System.Web.HttpUtility.ParseQueryString(request.Query)["user.name"] ?? "dr.who";
            var inode = request.Path["/webhdfs/v1".Length..];
            await Respond(stream, 403, "Forbidden", $$$"""{"RemoteException":{"exception":"AccessControlException","message":"Permission denied: user={{{user}}}, access=WRITE, inode=\"{{{inode}}}\":hdfs:supergroup:drwxr-xr-x","javaClassName":"org.apache.hadoop.security.AccessControlException"}}""", null);
        }
        else if (request.Method == "PUT" && request.Path.StartsWith("/webhdfs/v1/", StringComparison.Ordinal))
        {
            var path = request.Path["/webhdfs/v1".Length..];
            await Respond(stream, 307, "Temporary Redirect", "", $"Location: {Namenode}datanode{path}?op=CREATE&overwrite=true");
        }
        else if (request.Method == "PUT" && request.Path.StartsWith("/datanode/", StringComparison.Ordinal))
        {
            var file = Path.Combine(Root, request.Path["/datanode/".Length..]);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllBytesAsync(file, request.Body);
            await Respond(stream, 201, "Created", "", null);
        }
        else if (request.Method == "DELETE" && request.Path.StartsWith("/webhdfs/v1/", StringComparison.Ordinal))
        {
            var folder = Path.Combine(Root, request.Path["/webhdfs/v1/".Length..]);
            var existed = Directory.Exists(folder);
            if (existed) Directory.Delete(folder, true);
            await Respond(stream, 200, "OK", existed ? "{\"boolean\":true}" : "{\"boolean\":false}", null);
        }
        else
            await Respond(stream, 400, "Bad Request", "{\"RemoteException\":{\"exception\":\"IllegalArgumentException\",\"message\":\"unsupported\",\"javaClassName\":\"x\"}}", null);
    }

    string? SpnegoUser(HttpRequest request)
    {
        if (request.Header("Authorization") is not { } auth || !auth.StartsWith("Negotiate ", StringComparison.Ordinal)) return null;
        using var gss = new System.Net.Security.NegotiateAuthentication(new System.Net.Security.NegotiateAuthenticationServerOptions
        {
            Package = "Negotiate", Credential = CredentialCache.DefaultNetworkCredentials,
        });
        gss.GetOutgoingBlob(Convert.FromBase64String(auth[10..]), out var status);
        if (status != System.Net.Security.NegotiateAuthenticationStatusCode.Completed) return null;
        SpnegoUsers.Enqueue(gss.RemoteIdentity.Name ?? "");
        return gss.RemoteIdentity.Name;
    }

    static async Task Respond(Stream stream, int code, string reason, string body, string? header)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var head = $"HTTP/1.1 {code} {reason}\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\n{(header is null ? "" : header + "\r\n")}\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(bytes);
        await stream.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        stop.Cancel();
        listener.Stop();
        await loop;
    }
}
