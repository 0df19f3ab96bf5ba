using System.Text;
using BrightFunnel.Warehouse.Impala.Engine.Sql.Dialect;

namespace BrightFunnel.Warehouse.Impala.Engine.Sql;

/// <summary>
/// Rewrites an Impala query into DuckDB SQL, token by token, without parsing the grammar:
/// backtick identifiers → double quotes; strings in either quote → single-quoted, Impala's
/// backslash escapes resolved; Impala-only functions renamed (<see cref="ImpalaFunctions"/>);
/// <c>concat(a, b)</c> → <c>(CAST(a AS VARCHAR) || CAST(b AS VARCHAR))</c> so that a NULL
/// argument gives NULL as in Impala; <c>a &lt;=&gt; b</c> → <c>IS NOT DISTINCT FROM</c>;
/// <c>DIV</c> → <c>//</c>; <c>&amp;&amp;</c> → <c>AND</c>; <c>||</c> between BOOLEANs → <c>OR</c>; the <c>default</c> database → DuckDB's <c>main</c>.
/// </summary>
public static class ImpalaSqlTranslator
{
    public const string DefaultDatabase = "default";
    public const string DuckDbDefaultSchema = "main";

    public static string Translate(string impalaSql) => Translate(SqlTokenizer.Tokenize(impalaSql));

    public static string Translate(IReadOnlyList<SqlToken> tokens)
    {
        var sb = new StringBuilder();
        Emit(tokens, 0, tokens.Count, sb, LogicalBars(tokens));
        return sb.ToString();
    }

    /// <summary>Every <c>||</c> is OR, as in every Impala we target (DuckDB's would concatenate); the dialect guard refuses string operands.</summary>
    static HashSet<int> LogicalBars(IReadOnlyList<SqlToken> tokens) =>
        Enumerable.Range(0, tokens.Count).Where(i => tokens[i].IsSymbol("||")).ToHashSet();

    /// <summary>An identifier as DuckDB quotes it.</summary>
    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

    /// <summary>A string literal as DuckDB writes it (quotes doubled, no backslash escapes).</summary>
    public static string StringLiteral(string value) => "'" + value.Replace("'", "''") + "'";

    /// <summary>Impala's database name → the DuckDB schema holding it.</summary>
    public static string SchemaFor(string database) =>
        string.Equals(database, DefaultDatabase, StringComparison.OrdinalIgnoreCase) ? DuckDbDefaultSchema : database.ToLowerInvariant();

    static void Emit(IReadOnlyList<SqlToken> t, int from, int to, StringBuilder sb, HashSet<int> ors)
    {
        for (var i = from; i < to; i++)
        {
            var token = t[i];
            switch (token.Kind)
            {
                case SqlTokenKind.String:
                    sb.Append(StringLiteral(token.Value));
                    break;
                case SqlTokenKind.QuotedIdentifier:
                    sb.Append(IsDatabasePrefix(t, i, to) ? Identifier(SchemaFor(token.Value)) : Identifier(token.Value));
                    break;
                case SqlTokenKind.Symbol when token.Text == "<=>":
                    sb.Append(" IS NOT DISTINCT FROM ");
                    break;
                case SqlTokenKind.Symbol when token.Text == "&&":
                    sb.Append(" AND ");
                    break;
                case SqlTokenKind.Symbol when token.Text == "||" && ors.Contains(i):
                    sb.Append(" OR "); // Impala's || between BOOLEANs; DuckDB's would concatenate them as text
                    break;
                case SqlTokenKind.Word when token.Is("DIV") && PreviousIsOperand(t, i, from):
                    sb.Append("//");
                    break;
                case SqlTokenKind.Word when NextSignificant(t, i + 1, to) is var open && open < to && t[open].IsSymbol("(") && !PreviousIsDot(t, i, from):
                    i = EmitCall(t, i, open, to, sb, ors);
                    break;
                case SqlTokenKind.Word when token.Is(DefaultDatabase) && IsDatabasePrefix(t, i, to):
                    sb.Append(DuckDbDefaultSchema);
                    break;
                default:
                    sb.Append(token.Text);
                    break;
            }
        }
    }

    /// <summary>Emits a function call starting at the name; returns the index of its last token.</summary>
    static int EmitCall(IReadOnlyList<SqlToken> t, int name, int open, int to, StringBuilder sb, HashSet<int> ors)
    {
        var fn = t[name].Value.ToLowerInvariant();
        if (fn is "concat" or "concat_ws")
        {
            var close = MatchingParen(t, open, to);
            var args = SplitArguments(t, open + 1, close);
            if (args.Count == 0 || (fn == "concat_ws" && args.Count < 2))
                throw new SqlSyntaxException($"{fn}() needs {(fn == "concat" ? "at least one argument" : "a separator and at least one string")}");
            var parts = args.Select(a => Emitted(t, a.From, a.To, ors)).ToList();
            var pieces = fn == "concat" ? parts.Select(AsText) : Interleave(parts.Skip(1).Select(AsText), AsText(parts[0]));
            sb.Append('(').Append(string.Join(" || ", pieces)).Append(')');
            return close;
        }
        sb.Append(ImpalaFunctions.Renames.TryGetValue(fn, out var renamed) ? renamed : t[name].Text);
        return name; // arguments are emitted by the main loop, so nested calls are rewritten too
    }

    static string AsText(string expression) => $"CAST(({expression}) AS VARCHAR)";

    static IEnumerable<string> Interleave(IEnumerable<string> items, string separator)
    {
        var first = true;
        foreach (var item in items)
        {
            if (!first) yield return separator;
            first = false;
            yield return item;
        }
    }

    static string Emitted(IReadOnlyList<SqlToken> t, int from, int to, HashSet<int> ors)
    {
        var sb = new StringBuilder();
        Emit(t, from, to, sb, ors);
        return sb.ToString().Trim();
    }

    static int MatchingParen(IReadOnlyList<SqlToken> t, int open, int to)
    {
        var depth = 0;
        for (var i = open; i < to; i++)
        {
            if (t[i].IsSymbol("(")) depth++;
            else if (t[i].IsSymbol(")") && --depth == 0) return i;
        }
        throw new SqlSyntaxException("unbalanced parentheses");
    }

    static List<(int From, int To)> SplitArguments(IReadOnlyList<SqlToken> t, int from, int to)
    {
        var args = new List<(int, int)>();
        var depth = 0;
        var start = from;
        for (var i = from; i < to; i++)
        {
            if (t[i].IsSymbol("(")) depth++;
            else if (t[i].IsSymbol(")")) depth--;
            else if (t[i].IsSymbol(",") && depth == 0)
            {
                args.Add((start, i));
                start = i + 1;
            }
        }
        if (Enumerable.Range(start, to - start).Any(i => !t[i].IsTrivia)) args.Add((start, to));
        return args;
    }

    static int NextSignificant(IReadOnlyList<SqlToken> t, int i, int to)
    {
        while (i < to && t[i].IsTrivia) i++;
        return i;
    }

    static bool PreviousIsDot(IReadOnlyList<SqlToken> t, int i, int from)
    {
        var p = i - 1;
        while (p >= from && t[p].IsTrivia) p--;
        return p >= from && t[p].IsSymbol(".");
    }

    static bool IsDatabasePrefix(IReadOnlyList<SqlToken> t, int i, int to) =>
        i + 1 < to && t[i + 1].IsSymbol(".") && !PreviousIsDot(t, i, 0);

    static bool PreviousIsOperand(IReadOnlyList<SqlToken> t, int i, int from)
    {
        var p = i - 1;
        while (p >= from && t[p].IsTrivia) p--;
        if (p < from) return false;
        var prev = t[p];
        return prev.Kind is SqlTokenKind.Number or SqlTokenKind.QuotedIdentifier or SqlTokenKind.String
            || prev.IsSymbol(")") || (prev.Kind == SqlTokenKind.Word && !IsKeywordBeforeOperand(prev));
    }

    static bool IsKeywordBeforeOperand(SqlToken t) =>
        t.Is("SELECT") || t.Is("WHERE") || t.Is("AND") || t.Is("OR") || t.Is("ON") || t.Is("BY") || t.Is("WHEN") || t.Is("THEN") || t.Is("ELSE") || t.Is("NOT");
}
