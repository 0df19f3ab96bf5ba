using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace BrightFunnel.Warehouse.Impala.Staging;

/// <summary>
/// Staging into HDFS over WebHDFS, as a real cluster needs: <c>PUT …?op=CREATE</c> to the
/// namenode answers 307 with a datanode address, and the bytes go in a second <c>PUT</c> there.
/// Each file is first written to a local temporary file (Parquet is written front to back, but
/// the upload needs its length).
/// </summary>
public sealed class WebHdfsStagingStore : IStagingStore, IDisposable
{
    readonly HttpClient http;
    readonly Uri namenode;
    readonly string basePath;
    readonly string? user;
    readonly Func<AuthenticationHeaderValue>? authorization;

    /// <param name="namenode">The namenode's HTTP address, e.g. <c>http://namenode:9870</c>.</param>
    /// <param name="basePath">The HDFS folder staging goes under, e.g. <c>/user/bfw/staging</c>.</param>
    /// <param name="user">Simple-auth user (<c>user.name</c>), if the cluster uses it.</param>
    /// <param name="authorization">Kerberos clusters: a fresh <c>Negotiate</c> (SPNEGO) header for each namenode call.</param>
    public WebHdfsStagingStore(Uri namenode, string basePath, string? user = null, HttpMessageHandler? handler = null, Func<AuthenticationHeaderValue>? authorization = null)
    {
        this.authorization = authorization;
        this.namenode = namenode;
        this.basePath = "/" + basePath.Trim('/');
        this.user = user;
        // Redirects are followed by hand: the datanode PUT must carry the body, which HttpClient does not resend.
        http = new HttpClient(handler ?? new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromMinutes(30) };
    }

    public string LocationOf(string folder) => $"{basePath}/{StagingPaths.Check(folder)}";

    public async Task WriteFileAsync(string path, Func<Stream, Task> write, CancellationToken ct)
    {
        var local = Path.GetTempFileName();
        try
        {
            await using (var file = new FileStream(local, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, useAsync: true))
                await write(file);
            using var create = Namenode(HttpMethod.Put, Operation(StagingPaths.Check(path), "CREATE", "overwrite=true"));
            using var redirect = await http.SendAsync(create, ct);
            if (redirect.StatusCode != HttpStatusCode.TemporaryRedirect || redirect.Headers.Location is null)
                throw await Failure("CREATE", path, redirect, ct);
            var datanode = redirect.Headers.Location.IsAbsoluteUri ? redirect.Headers.Location : new Uri(namenode, redirect.Headers.Location);
            await using var body = File.OpenRead(local);
            using var upload = new HttpRequestMessage(HttpMethod.Put, datanode) { Content = new StreamContent(body) };
            upload.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            using var created = await http.SendAsync(upload, ct);
            if (created.StatusCode != HttpStatusCode.Created) throw await Failure("CREATE (datanode)", path, created, ct);
        }
        finally
        {
            File.Delete(local);
        }
    }

    public async Task DeleteFolderAsync(string folder, CancellationToken ct)
    {
        using var delete = Namenode(HttpMethod.Delete, Operation(StagingPaths.Check(folder), "DELETE", "recursive=true"));
        using var response = await http.SendAsync(delete, ct);
        if (response.StatusCode != HttpStatusCode.OK) throw await Failure("DELETE", folder, response, ct);
    }

    /// <summary>A namenode call, with SPNEGO on a Kerberos cluster (the datanode takes the delegation token the redirect carries).</summary>
    HttpRequestMessage Namenode(HttpMethod method, Uri uri)
    {
        var request = new HttpRequestMessage(method, uri);
        if (authorization is not null) request.Headers.Authorization = authorization();
        return request;
    }

    Uri Operation(string path, string op, string extra)
    {
        var query = $"op={op}&{extra}" + (user is null ? "" : $"&user.name={Uri.EscapeDataString(user)}");
        return new Uri(namenode, $"/webhdfs/v1{basePath}/{path}?{query}");
    }

    /// <summary>WebHDFS explains failures as <c>{"RemoteException":{"exception":…,"message":…}}</c>.</summary>
    static async Task<IOException> Failure(string op, string path, HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        var reason = text;
        try
        {
            using var json = JsonDocument.Parse(text);
            if (json.RootElement.TryGetProperty("RemoteException", out var remote))
                reason = $"{remote.GetProperty("exception").GetString()}: {remote.GetProperty("message").GetString()}";
        }
        catch (JsonException) { }
        return new IOException($"WebHDFS {op} {path} failed: HTTP {(int)response.StatusCode} {reason}".Trim());
    }

    public void Dispose() => http.Dispose();
}
