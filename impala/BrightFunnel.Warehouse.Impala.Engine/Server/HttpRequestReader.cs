using System.Globalization;
using System.Text;

namespace BrightFunnel.Warehouse.Impala.Engine.Server;

/// <summary>One HTTP/1.1 request: enough of the protocol for HS2-over-HTTP clients.</summary>
sealed record HttpRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name);

    public bool WantsClose => string.Equals(Header("Connection"), "close", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Reads HTTP/1.1 requests off a keep-alive connection: request line, headers, a
/// Content-Length body. Chunked uploads are refused (HS2 clients send a length).
/// </summary>
sealed class HttpRequestReader(Stream stream)
{
    const int MaxHeader = 64 * 1024;
    const int MaxBody = 256 * 1024 * 1024;

    readonly byte[] buffer = new byte[16 * 1024];
    int start, end;

    /// <returns>The next request, or null when the client closed the connection between requests.</returns>
    public async Task<HttpRequest?> ReadAsync(CancellationToken ct)
    {
        var header = new MemoryStream();
        while (true)
        {
            if (start == end)
            {
                start = 0;
                end = await stream.ReadAsync(buffer, ct);
                if (end == 0)
                {
                    if (header.Length == 0) return null;
                    throw new IOException("connection closed inside an HTTP header");
                }
            }
            var span = buffer.AsSpan(start, end - start);
            var stop = span.IndexOf((byte)'\n');
            var take = stop < 0 ? span.Length : stop + 1;
            header.Write(span[..take]);
            start += take;
            if (header.Length > MaxHeader) throw new InvalidDataException("HTTP header too large");
            if (stop >= 0 && EndsWithBlankLine(header)) break;
        }
        var lines = Encoding.ASCII.GetString(header.GetBuffer(), 0, (int)header.Length).Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length < 3) throw new InvalidDataException($"bad HTTP request line '{lines[0]}'");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var colon = line.IndexOf(':');
            if (colon > 0) headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        if (headers.ContainsKey("Transfer-Encoding")) throw new InvalidDataException("chunked request bodies are not supported; send Content-Length");
        var length = headers.TryGetValue("Content-Length", out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : 0;
        if (length is < 0 or > MaxBody) throw new InvalidDataException($"HTTP body of {length} bytes refused");
        var body = new byte[length];
        var copied = Math.Min(length, end - start);
        buffer.AsSpan(start, copied).CopyTo(body);
        start += copied;
        if (copied < length) await stream.ReadExactlyAsync(body.AsMemory(copied), ct);
        var path = requestLine[1];
        var query = path.IndexOf('?');
        return new HttpRequest(requestLine[0], query < 0 ? path : path[..query], query < 0 ? "" : path[(query + 1)..], headers, body);
    }

    static bool EndsWithBlankLine(MemoryStream s)
    {
        var b = s.GetBuffer();
        var n = (int)s.Length;
        return n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n';
    }
}
