using System.Security.Cryptography;

namespace BrightFunnel.Warehouse.Collect.Snippet;

/// <summary>
/// <c>GET /bf.js</c>: the snippet, from the assembly. Cached a week by browsers and proxies; its
/// ETag is its content's hash, so a revalidation costs a 304 and a new version is seen at once by
/// whoever revalidates.
/// </summary>
public static class SnippetEndpoint
{
    public const string Path = "/bf.js";
    public const string CacheControl = "public, max-age=604800";
    static readonly byte[] Script = Load();
    public static readonly string ETag = $"\"{Convert.ToHexStringLower(SHA256.HashData(Script))[..20]}\"";

    public static void Map(WebApplication app) => app.MapMethods(Path, [HttpMethods.Get, HttpMethods.Head], (HttpContext http) =>
    {
        var headers = http.Response.Headers;
        headers.CacheControl = CacheControl;
        headers.ETag = ETag;
        if (http.Request.Headers.IfNoneMatch.Any(v => v is not null && (v.Contains(ETag, StringComparison.Ordinal) || v.Trim() == "*")))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(Script, "application/javascript; charset=utf-8");
    });

    static byte[] Load()
    {
        using var stream = typeof(SnippetEndpoint).Assembly.GetManifestResourceStream("bf.js")
            ?? throw new InvalidOperationException("bf.js is not embedded in bfw-collect");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
