using System.Text;

namespace BrightFunnel.Warehouse.Migrations;

/// <summary>One statement of a script and the 1-based line it starts on, so errors can point at it.</summary>
public sealed record SqlStatement(string Text, int Line);

/// <summary>
/// Splits a MySQL script into statements the way the mysql client does: the current delimiter
/// (changed by a <c>DELIMITER x</c> line) ends a statement only outside quoted strings,
/// backtick identifiers and comments.
/// </summary>
public static class MySqlScriptSplitter
{
    public static IReadOnlyList<SqlStatement> Split(string script)
    {
        var statements = new List<SqlStatement>();
        var delimiter = ";";
        var current = new StringBuilder();
        var startLine = 1;
        var line = 1;
        var hasCode = false; // the current statement holds more than whitespace and comments
        var i = 0;

        void Flush()
        {
            if (hasCode) statements.Add(new SqlStatement(current.ToString().Trim(), startLine));
            current.Clear();
            hasCode = false;
        }

        while (i < script.Length)
        {
            var c = script[i];

            if (!hasCode && IsLineStart(script, i) && TryReadDelimiterCommand(script, i, out var newDelimiter, out var end))
            {
                current.Clear();
                delimiter = newDelimiter;
                i = end;
                continue;
            }

            if (string.CompareOrdinal(script, i, delimiter, 0, delimiter.Length) == 0)
            {
                Flush();
                i += delimiter.Length;
                continue;
            }

            if (!hasCode && !char.IsWhiteSpace(c) && !IsCommentStart(script, i))
            {
                hasCode = true;
                startLine = line;
                // Comments before the statement belong to nobody; drop them so the text starts at code.
                current.Clear();
            }

            var tokenEnd = c switch
            {
                '\'' or '"' or '`' => EndOfQuoted(script, i, c),
                '#' => EndOfLineComment(script, i),
                '-' when IsDashComment(script, i) => EndOfLineComment(script, i),
                '/' when i + 1 < script.Length && script[i + 1] == '*' => EndOfBlockComment(script, i),
                _ => i + 1,
            };
            for (var k = i; k < tokenEnd; k++)
                if (script[k] == '\n') line++;
            current.Append(script, i, tokenEnd - i);
            i = tokenEnd;
        }
        Flush();
        return statements;
    }

    static bool IsCommentStart(string s, int i) =>
        s[i] == '#' || IsDashComment(s, i) || (s[i] == '/' && i + 1 < s.Length && s[i + 1] == '*');

    // MySQL needs whitespace (or the end) after "--" for it to open a comment.
    static bool IsDashComment(string s, int i) =>
        s[i] == '-' && i + 1 < s.Length && s[i + 1] == '-' && (i + 2 == s.Length || char.IsWhiteSpace(s[i + 2]));

    static bool IsLineStart(string s, int i)
    {
        for (var k = i - 1; k >= 0 && s[k] != '\n'; k--)
            if (!char.IsWhiteSpace(s[k])) return false;
        return true;
    }

    static bool TryReadDelimiterCommand(string s, int i, out string delimiter, out int end)
    {
        delimiter = "";
        end = i;
        while (i < s.Length && (s[i] == ' ' || s[i] == '\t')) i++;
        const string keyword = "DELIMITER";
        if (i + keyword.Length >= s.Length || string.Compare(s, i, keyword, 0, keyword.Length, StringComparison.OrdinalIgnoreCase) != 0)
            return false;
        var k = i + keyword.Length;
        if (s[k] != ' ' && s[k] != '\t') return false;
        while (k < s.Length && (s[k] == ' ' || s[k] == '\t')) k++;
        var start = k;
        while (k < s.Length && !char.IsWhiteSpace(s[k])) k++;
        if (k == start) return false;
        delimiter = s[start..k];
        while (k < s.Length && s[k] != '\n') k++;
        end = k;
        return true;
    }

    static int EndOfQuoted(string s, int i, char quote)
    {
        var k = i + 1;
        while (k < s.Length)
        {
            if (s[k] == '\\' && quote != '`') { k += 2; continue; }
            if (s[k] == quote)
            {
                if (k + 1 < s.Length && s[k + 1] == quote) { k += 2; continue; } // doubled quote escapes itself
                return k + 1;
            }
            k++;
        }
        return s.Length;
    }

    static int EndOfLineComment(string s, int i)
    {
        var k = s.IndexOf('\n', i);
        return k < 0 ? s.Length : k;
    }

    static int EndOfBlockComment(string s, int i)
    {
        var k = s.IndexOf("*/", i + 2, StringComparison.Ordinal);
        return k < 0 ? s.Length : k + 2;
    }
}
