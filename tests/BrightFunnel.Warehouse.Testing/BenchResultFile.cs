using System.Globalization;
using System.Text.RegularExpressions;

namespace BrightFunnel.Warehouse.Testing;

/// <summary>One row of a written bench table.</summary>
public sealed record BenchResultRow(string Section, string Measure, string Value);

/// <summary>
/// A bench table as the bench wrote it under <c>tests/bench/results/</c>: the
/// machine's cores from the header and every row's section, measure and value, to compute from.
/// </summary>
public sealed partial record BenchResultFile(string Path, int Cores, IReadOnlyList<BenchResultRow> Rows)
{
    public static BenchResultFile Read(string path) => Parse(path, File.ReadAllText(path));

    public static BenchResultFile Parse(string path, string markdown)
    {
        var cores = CoresPattern().Match(markdown) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var rows = new List<BenchResultRow>();
        foreach (var line in markdown.Split('\n'))
        {
            if (!line.StartsWith("| ", StringComparison.Ordinal) || line.StartsWith("| section ", StringComparison.Ordinal)) continue;
            var cells = line.Trim().Trim('|').Split(" | ");
            if (cells.Length >= 3) rows.Add(new BenchResultRow(cells[0].Trim(), cells[1].Trim(), cells[2].Trim()));
        }
        return new BenchResultFile(path, cores, rows);
    }

    /// <summary>The newest result file (by the time in its name) holding a row that <paramref name="wanted"/> accepts, or null.</summary>
    public static BenchResultFile? Newest(string folder, Func<BenchResultRow, bool> wanted) =>
        Directory.Exists(folder)
            ? Directory.GetFiles(folder, "bench-*.md").OrderDescending(StringComparer.Ordinal)
                .Select(Read).FirstOrDefault(f => f.Rows.Any(wanted))
            : null;

    /// <summary>The first number of a value such as <c>7.8 s (14.2 s)</c>, <c>4 cycles</c> or <c>1,250,020</c>.</summary>
    public static double? FirstNumber(string value) =>
        NumberPattern().Match(value) is { Success: true } m ? double.Parse(m.Value.Replace(",", ""), CultureInfo.InvariantCulture) : null;

    [GeneratedRegex(@"^(\d+) cores", RegexOptions.Multiline)]
    private static partial Regex CoresPattern();

    [GeneratedRegex(@"\d[\d,]*(\.\d+)?")]
    private static partial Regex NumberPattern();
}
