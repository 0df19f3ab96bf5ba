using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace BrightFunnel.Warehouse.Bench.Profile;

/// <summary>One operator of a DuckDB plan: its name, its own time and the rows it produced.</summary>
public sealed record DuckDbOperator(string Name, double Seconds, long Rows);

/// <summary>One statement as the engine profiled it: the script it came from, its latency and CPU time, DuckDB's peak buffer memory, its operators.</summary>
public sealed record DuckDbProfile(DateTime EndedAt, string Script, double Seconds, double CpuSeconds, long PeakBytes, IReadOnlyList<DuckDbOperator> Operators)
{
    /// <summary>The operators that took the most time, largest first.</summary>
    public IEnumerable<DuckDbOperator> Top(int count) => Operators.OrderByDescending(o => o.Seconds).Take(count);
}

/// <summary>
/// The engine's own view of the statements it ran (<c>bfw impala serve --profile DIR</c>): DuckDB's JSON
/// profile of each, read back with the statement beside it. The script is the origin comment our
/// statements start with (<c>/* bfw: sql/impala/… */</c>), else the statement's first words.
/// </summary>
public static partial class DuckDbProfiles
{
    public static IReadOnlyList<DuckDbProfile> Read(string folder)
    {
        var result = new List<DuckDbProfile>();
        foreach (var json in Directory.Exists(folder) ? Directory.GetFiles(folder, "*.json") : [])
        {
            var statement = Path.ChangeExtension(json, ".sql") is var sql && File.Exists(sql) ? File.ReadAllText(sql) : "";
            JsonDocument document;
            try { document = JsonDocument.Parse(File.ReadAllText(json)); }
            catch (JsonException) { continue; } // a statement that failed midway may leave no whole profile
            using (document)
            {
                var operators = new List<DuckDbOperator>();
                Walk(document.RootElement, operators);
                var latency = Number(document.RootElement, "latency", "timing");
                var root = document.RootElement;
                result.Add(new DuckDbProfile(File.GetLastWriteTimeUtc(json), ScriptOf(statement), latency, Number(root, "cpu_time"),
                    (long)Number(root, "system_peak_buffer_memory"), operators));
            }
        }
        return result;
    }

    /// <summary>Every operator under <paramref name="node"/> (DuckDB 1.1+ names: operator_name, operator_timing, operator_cardinality).</summary>
    static void Walk(JsonElement node, List<DuckDbOperator> operators)
    {
        if (!node.TryGetProperty("children", out var children) || children.ValueKind != JsonValueKind.Array) return;
        foreach (var child in children.EnumerateArray())
        {
            var name = Text(child, "operator_name", "name") ?? Text(child, "operator_type") ?? "?";
            operators.Add(new DuckDbOperator(name.Trim(), Number(child, "operator_timing", "timing"), (long)Number(child, "operator_cardinality", "cardinality")));
            Walk(child, operators);
        }
    }

    static string? Text(JsonElement e, params string[] names) =>
        names.Select(n => e.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null).FirstOrDefault(v => v is not null);

    static double Number(JsonElement e, params string[] names) =>
        names.Select(n => e.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : (double?)null).FirstOrDefault(v => v is not null) ?? 0;

    static string ScriptOf(string statement) =>
        Origin().Match(statement) is { Success: true } m ? m.Groups[1].Value
            : string.Join(' ', statement.Split((char[]?)null, 6, StringSplitOptions.RemoveEmptyEntries).Take(5));

    [GeneratedRegex(@"/\* bfw: (\S+) \*/")]
    private static partial Regex Origin();

    /// <summary>The operators as a table cell: name, seconds, rows.</summary>
    public static string Describe(IEnumerable<DuckDbOperator> operators) =>
        string.Join("; ", operators.Select(o => $"{o.Name} {o.Seconds.ToString("0.0", CultureInfo.InvariantCulture)} s ({o.Rows.ToString("N0", CultureInfo.InvariantCulture)} rows)"));
}
