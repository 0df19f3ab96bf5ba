using System.Globalization;
using System.Text.RegularExpressions;

namespace BrightFunnel.Warehouse.Bench.Profile;

/// <summary>One offloaded statement as the orchestrator logged it (Info): its script, its time, the rows it copied back.</summary>
public sealed record EngineStatement(DateTime EndedAt, string Script, double Seconds, long? Rows);

/// <summary>
/// The offloaded statements of one run, read from the bench's log: each script the engine ran
/// (<c>offload: sql/impala/… in N ms</c>) and each copy back into MySQL. This is the client's view:
/// queue, run and fetch (the engine's own is <see cref="DuckDbProfiles"/>).
/// </summary>
public static partial class EngineStatementTimes
{
    public static IReadOnlyList<EngineStatement> Read(string logFolder, string tenant, long runId)
    {
        var marker = $" {tenant} {runId.ToString(CultureInfo.InvariantCulture)} ";
        var result = new List<EngineStatement>();
        foreach (var file in Directory.Exists(logFolder) ? Directory.GetFiles(logFolder, "bfw-*.log") : [])
        {
            using var shared = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(shared);
            while (reader.ReadLine() is { } line)
            {
                if (!line.Contains(marker, StringComparison.Ordinal)) continue;
                if (!DateTime.TryParse(line[..24], CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal | DateTimeStyles.AdjustToUniversal, out var at)) continue;
                if (Copied().Match(line) is { Success: true } c)
                    result.Add(new EngineStatement(at, $"{c.Groups[2].Value} → {c.Groups[3].Value}", Ms(c.Groups[4].Value), long.Parse(c.Groups[1].Value, CultureInfo.InvariantCulture)));
                else if (Script().Match(line) is { Success: true } s)
                    result.Add(new EngineStatement(at, s.Groups[1].Value, Ms(s.Groups[2].Value), null));
            }
        }
        return result;
    }

    static double Ms(string value) => double.Parse(value, CultureInfo.InvariantCulture) / 1000;

    [GeneratedRegex(@"offload: copied (\d+) rows of (sql/impala/\S+) into (\S+) in (\d+) ms")]
    private static partial Regex Copied();

    [GeneratedRegex(@"offload: (sql/impala/\S+\.sql) in (\d+) ms")]
    private static partial Regex Script();
}
