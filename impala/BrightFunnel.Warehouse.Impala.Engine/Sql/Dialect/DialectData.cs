namespace BrightFunnel.Warehouse.Impala.Engine.Sql.Dialect;

/// <summary>Reads the embedded lists taken from apache/impala (see refresh.py beside them).</summary>
static class DialectData
{
    /// <summary>The file's lines without comments and blank lines, trimmed.</summary>
    public static IEnumerable<string> Lines(string file)
    {
        var name = $"BrightFunnel.Warehouse.Impala.Engine.Sql.Dialect.{file}";
        using var stream = typeof(DialectData).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource {name} is missing from the engine's assembly");
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            var text = line.Trim();
            if (text.Length > 0 && !text.StartsWith('#')) lines.Add(text);
        }
        return lines;
    }
}
