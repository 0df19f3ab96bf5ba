using System.Text;

namespace BrightFunnel.Warehouse.Impala.Engine.Sql;

/// <summary>
/// Splits Impala SQL into tokens. Impala quotes identifiers with backticks, accepts strings in
/// single or double quotes with backslash escapes, and has <c>--</c> and <c>/* */</c> comments.
/// </summary>
public static class SqlTokenizer
{
    static readonly string[] Operators = ["<=>", "<>", "!=", "<=", ">=", "||", "&&", "::"];

    public static List<SqlToken> Tokenize(string sql)
    {
        var tokens = new List<SqlToken>();
        var i = 0;
        while (i < sql.Length)
        {
            var start = i;
            var c = sql[i];
            if (char.IsWhiteSpace(c))
            {
                while (i < sql.Length && char.IsWhiteSpace(sql[i])) i++;
                tokens.Add(new SqlToken(SqlTokenKind.Whitespace, sql[start..i], " "));
            }
            else if (c == '-' && Peek(sql, i + 1) == '-')
            {
                while (i < sql.Length && sql[i] != '\n') i++;
                tokens.Add(new SqlToken(SqlTokenKind.Comment, sql[start..i], ""));
            }
            else if (c == '/' && Peek(sql, i + 1) == '*')
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0) throw new SqlSyntaxException("unterminated /* comment");
                i = end + 2;
                tokens.Add(new SqlToken(SqlTokenKind.Comment, sql[start..i], ""));
            }
            else if (c is '\'' or '"')
            {
                var value = ReadString(sql, ref i);
                tokens.Add(new SqlToken(SqlTokenKind.String, sql[start..i], value));
            }
            else if (c == '`')
            {
                var end = sql.IndexOf('`', i + 1);
                if (end < 0) throw new SqlSyntaxException("unterminated ` identifier");
                i = end + 1;
                tokens.Add(new SqlToken(SqlTokenKind.QuotedIdentifier, sql[start..i], sql[(start + 1)..end]));
            }
            else if (char.IsDigit(c) || (c == '.' && char.IsDigit(Peek(sql, i + 1))))
            {
                while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] == '.'
                       || ((sql[i] is '+' or '-') && sql[i - 1] is 'e' or 'E'))) i++;
                tokens.Add(new SqlToken(SqlTokenKind.Number, sql[start..i], sql[start..i]));
            }
            else if (char.IsLetter(c) || c == '_' || c == '$')
            {
                while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] is '_' or '$')) i++;
                tokens.Add(new SqlToken(SqlTokenKind.Word, sql[start..i], sql[start..i]));
            }
            else
            {
                var op = Operators.FirstOrDefault(o => string.CompareOrdinal(sql, i, o, 0, o.Length) == 0);
                i += op?.Length ?? 1;
                tokens.Add(new SqlToken(SqlTokenKind.Symbol, sql[start..i], sql[start..i]));
            }
        }
        return tokens;
    }

    static char Peek(string s, int i) => i < s.Length ? s[i] : '\0';

    /// <summary>Impala's string escapes: <c>\n \t \r \b \0 \\ \' \"</c>; <c>\%</c> and <c>\_</c> stay (LIKE escapes).</summary>
    static string ReadString(string sql, ref int i)
    {
        var quote = sql[i++];
        var value = new StringBuilder();
        while (true)
        {
            if (i >= sql.Length) throw new SqlSyntaxException($"unterminated string starting with {quote}");
            var c = sql[i++];
            if (c == quote) return value.ToString();
            if (c != '\\' || i >= sql.Length)
            {
                value.Append(c);
                continue;
            }
            var e = sql[i++];
            switch (e)
            {
                case 'n': value.Append('\n'); break;
                case 't': value.Append('\t'); break;
                case 'r': value.Append('\r'); break;
                case 'b': value.Append('\b'); break;
                case '0': value.Append('\0'); break;
                case '%' or '_': value.Append('\\').Append(e); break;
                default: value.Append(e); break;
            }
        }
    }
}

/// <summary>A statement the local engine cannot read; Impala would answer with an AnalysisException.</summary>
public sealed class SqlSyntaxException(string message) : Exception(message);
