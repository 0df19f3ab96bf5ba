namespace BrightFunnel.Warehouse.Web.Pages;

/// <summary>A return URL kept through sign-in: a path of this site only, so a link cannot send a user elsewhere after signing in.</summary>
public static class LocalUrl
{
    public const string Home = "/";

    /// <summary>The URL when it is a local path (one leading /, not //, no backslash or control character), else the home page.</summary>
    public static string Safe(string? url) =>
        url is { Length: > 0 and <= 2048 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(ch => ch == '\\' || char.IsControl(ch))
            ? url : Home;

    /// <summary><paramref name="path"/> with <c>?returnUrl=</c> when the return URL is somewhere other than home.</summary>
    public static string With(string path, string? returnUrl) =>
        Safe(returnUrl) is var safe && safe != Home ? $"{path}?returnUrl={Uri.EscapeDataString(safe)}" : path;
}
