namespace BrightFunnel.Warehouse.Orchestrator.Matching;

/// <summary>
/// Reads the matcher's word lists (Matching/data/*.txt, embedded in the assembly): one entry a
/// line, '#' starts a comment, blank lines ignored. Kept as data so they can grow without code.
/// </summary>
public static class MatchingData
{
    public static IReadOnlyList<string> ReadLines(string fileName)
    {
        var name = $"{typeof(MatchingData).Namespace}.data.{fileName}";
        using var stream = typeof(MatchingData).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded word list '{name}' is missing");
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            var hash = line.IndexOf('#');
            var entry = (hash >= 0 ? line[..hash] : line).Trim();
            if (entry.Length > 0) lines.Add(entry);
        }
        return lines;
    }
}
