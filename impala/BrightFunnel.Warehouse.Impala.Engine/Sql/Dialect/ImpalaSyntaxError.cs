namespace BrightFunnel.Warehouse.Impala.Engine.Sql.Dialect;

/// <summary>
/// Impala's syntax error text (the parser's <c>getErrorMsg</c>): the line, a caret under the
/// offending token, what was encountered and what was expected, and the quoting hint when a
/// reserved word stood where an identifier was expected.
/// </summary>
static class ImpalaSyntaxError
{
    const int MaxPrintLength = 60;

    public static string Format(DialectTokens t, int token, string expected)
    {
        var result = Located("Syntax error", t.Sql, t.Offset(token));
        result.Append("Encountered: ").Append(t.Display(token)).Append('\n');
        result.Append("Expected: ").Append(expected);
        var word = t[token];
        if (expected.Contains("IDENTIFIER", StringComparison.Ordinal) && word.Kind == SqlTokenKind.Word && t.Words.IsReserved(word.Value))
            result.Append("\n\nHint: reserved words have to be escaped when used as an identifier, e.g. `").Append(word.Value).Append('`');
        return result.ToString();
    }

    /// <summary>A quote opened at <paramref name="offset"/> and never closed: Impala names no tokens for it.</summary>
    public static string UnmatchedString(string sql, int offset) => Located("Unmatched string literal", sql, offset).ToString().TrimEnd('\n');

    /// <summary>"{kind} in line N:", the line (shortened around a long line's error) and the caret under <paramref name="offset"/>.</summary>
    static System.Text.StringBuilder Located(string kind, string sql, int offset)
    {
        offset = Math.Min(offset, sql.Length);
        var lineStart = sql.LastIndexOf('\n', Math.Max(0, offset - 1)) + 1;
        if (offset == 0) lineStart = 0;
        var lineNumber = sql[..lineStart].Count(c => c == '\n') + 1;
        var lineEnd = sql.IndexOf('\n', lineStart);
        var line = lineEnd < 0 ? sql[lineStart..] : sql[lineStart..lineEnd];
        var right = offset - lineStart + 1; // the scanner's 1-based column
        var result = new System.Text.StringBuilder($"{kind} in line {lineNumber}:\n");
        int caret;
        if (line.Length <= MaxPrintLength)
        {
            result.Append(line).Append('\n');
            caret = right;
        }
        else
        {
            // As Impala shortens a long line: half the width either side of the error.
            var context = MaxPrintLength / 2 - 3;
            var last = Math.Min(line.Length, right);
            var left = right > MaxPrintLength / 2 ? "..." + line[(right - context)..last] : line[..Math.Min(right, line.Length)];
            caret = left.Length;
            result.Append(left);
            result.Append(line.Length - right > MaxPrintLength / 2 ? line.Substring(right, context) + "..." : line[last..]);
            result.Append('\n');
        }
        result.Append(' ', Math.Max(0, caret - 1)).Append("^\n");
        return result;
    }
}
