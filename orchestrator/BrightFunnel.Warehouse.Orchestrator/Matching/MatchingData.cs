using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
namespace BrightFunnel.Warehouse.Orchestrator.Matching;

/// <summary>
/// Reads the matcher's data files (Matching/data/*, embedded in the assembly). Word lists (*.txt):
/// one entry a line, '#' starts a comment, blank lines ignored. Kept as data so they can grow without code.
/// </summary>
public static class MatchingData
{
    public static IReadOnlyList<string> ReadLines(string fileName)
    {
        using var reader = Open(fileName);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            var hash = line.IndexOf('#');
            var entry = (hash >= 0 ? line[..hash] : line).Trim();
            if (entry.Length > 0) lines.Add(entry);
        }
        return lines;
    }

    /// <summary>One embedded data file as text.</summary>
    public static StreamReader Open(string fileName)
    {
        var name = $"{typeof(MatchingData).Namespace}.data.{fileName}";
        var stream = typeof(MatchingData).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded data file '{name}' is missing");
        return new StreamReader(stream);
    }
}
