using System.Text.RegularExpressions;

namespace BrightFunnel.Warehouse.Impala.Engine.Catalog;

/// <summary>
/// Impala's SHOW … LIKE pattern: <c>*</c> matches any characters, <c>|</c> separates
/// alternatives, and the match is case-insensitive over the whole name.
/// </summary>
static class ImpalaPattern
{
    public static Func<string, bool> Matcher(string? pattern)
    {
        if (pattern is null) return _ => true;
        var alternatives = pattern.Split('|').Select(a => string.Join(".*", a.Trim().Split('*').Select(Regex.Escape)));
        var regex = new Regex($"^(?:{string.Join("|", alternatives)})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        return regex.IsMatch;
    }
}
