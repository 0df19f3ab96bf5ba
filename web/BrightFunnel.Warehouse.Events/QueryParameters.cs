namespace BrightFunnel.Warehouse.Events;

/// <summary>A URL's query string as name → first value (names compared without case), percent-decoded.</summary>
sealed class QueryParameters
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    public static QueryParameters Parse(string query)
    {
        var result = new QueryParameters();
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var name = Decode(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : Decode(pair[(eq + 1)..]);
            if (name.Length > 0 && value.Length > 0) result._values.TryAdd(name, value);
        }
        return result;
    }

    /// <summary>The parameter's value, trimmed; null when absent or empty.</summary>
    public string? Get(string name) =>
        _values.TryGetValue(name, out var v) && v.Trim() is { Length: > 0 } t ? t : null;

    private static string Decode(string s)
    {
        try { return Uri.UnescapeDataString(s.Replace('+', ' ')); }
        catch (UriFormatException) { return s; }
    }
}
