using System.Globalization;
using System.Text;

namespace BrightFunnel.Warehouse.Bench;

/// <summary>One measured figure: what, the value, the target it is held to and whether it met it.</summary>
public sealed record BenchRow(string Section, string Measure, string Value, string Target = "", bool? Met = null, string Command = "");

/// <summary>The bench's result table: printed as it grows and written as Markdown under tests/bench/results/.</summary>
public sealed class BenchTable
{
    readonly List<BenchRow> rows = [];

    public void Add(BenchRow row)
    {
        rows.Add(row);
        var verdict = row.Met switch { true => "met", false => "MISSED", null => "" };
        Console.WriteLine($"  {row.Section,-12} {row.Measure,-58} {row.Value,-22} {row.Target,-16} {verdict}");
    }

    public string ToMarkdown(string header)
    {
        var sb = new StringBuilder();
        sb.AppendLine(header).AppendLine();
        sb.AppendLine("| section | measure | value | target | verdict |");
        sb.AppendLine("|---|---|---|---|---|");
        foreach (var r in rows)
            sb.AppendLine($"| {r.Section} | {r.Measure} | {r.Value} | {r.Target} | {r.Met switch { true => "met", false => "**missed**", null => "" }} |");
        return sb.ToString();
    }

    public static string Number(double value, int decimals = 0) => value.ToString("N" + decimals, CultureInfo.InvariantCulture);
    public static string Seconds(TimeSpan t) => $"{t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s";
}
