namespace BrightFunnel.Warehouse.Collect.Sites;

/// <summary>
/// An origin as a browser sends it in the Origin header: <c>scheme://host[:port]</c>, lower-case,
/// the port only when it is not the scheme's default. What an operator types is brought to that
/// form, so that the allow-list compares exact strings.
/// </summary>
public static class SiteOrigin
{
    public static string Normalize(string text)
    {
        var trimmed = text.Trim().TrimEnd('/');
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
            throw new ArgumentException($"origin '{text}' is not an http(s) origin such as https://acme.com");
        if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
            throw new ArgumentException($"origin '{text}' must be only scheme, host and port (https://acme.com), without a path");
        return uri.IsDefaultPort ? $"{uri.Scheme}://{uri.Host.ToLowerInvariant()}" : $"{uri.Scheme}://{uri.Host.ToLowerInvariant()}:{uri.Port}";
    }
}
