using System.Text;

namespace BrightFunnel.Warehouse.Console;

/// <summary>A plain, aligned text table for listings; numbers align right.</summary>
public sealed class TextTable(params string[] headers)
{
    readonly List<string[]> rows = [];

    public TextTable Add(params object?[] cells)
    {
        rows.Add(cells.Select(Format).ToArray());
        return this;
    }

    static string Format(object? value) => value switch
    {
        null => "",
        double d => d.ToString("N2"),
        decimal m => m.ToString("N2"),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss"),
        _ => Printable(value.ToString() ?? ""),
    };

    /// <summary>
    /// The text with every control or format character (escape sequences, bidi overrides) shown as
    /// '?': cells hold data from customers' exports, which must never drive the operator's terminal.
    /// </summary>
    public static string Printable(string text)
    {
        if (!text.Any(IsUnsafe)) return text;
        return string.Create(text.Length, text, (span, t) =>
        {
            for (var i = 0; i < t.Length; i++) span[i] = IsUnsafe(t[i]) ? '?' : t[i];
        });
    }

    static bool IsUnsafe(char c) =>
        char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format;

    public override string ToString()
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => i < r.Length ? r[i].Length : 0))).ToArray();
        var numeric = headers.Select((_, i) => rows.Count > 0 && rows.All(r => i >= r.Length || r[i].Length == 0 || IsNumber(r[i]))).ToArray();
        var sb = new StringBuilder();
        void Line(IReadOnlyList<string> cells)
        {
            for (var i = 0; i < widths.Length; i++)
            {
                var cell = i < cells.Count ? cells[i] : "";
                sb.Append(numeric[i] ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]));
                if (i < widths.Length - 1) sb.Append("  ");
            }
            while (sb.Length > 0 && sb[^1] == ' ') sb.Length--;
            sb.Append('\n');
        }
        Line(headers);
        Line(widths.Select(w => new string('-', w)).ToArray());
        foreach (var row in rows) Line(row);
        return sb.ToString().TrimEnd('\n');
    }

    static bool IsNumber(string s) => double.TryParse(s.Replace(",", "").TrimEnd('%'), out _);
}
