namespace BrightFunnel.Warehouse.Impala.Engine.Sql.Dialect;

/// <summary>
/// What Impala's scanner and parser refuse, token by token: unused reserved words, reserved
/// keywords where the grammar wants an identifier, and DuckDB-only syntax. The first in the
/// text wins, as the parser stops at its first error.
/// </summary>
static class SyntaxRules
{
    /// <summary>The keywords Impala's statements start with (ParserTest's expected list).</summary>
    const string StatementStarts = "ALTER, COMMENT, COMPUTE, COPY, CREATE, DELETE, DESCRIBE, DROP, EXPLAIN, FOR, GRANT, INSERT, INVALIDATE, KILL, LOAD, MERGE, OPTIMIZE, REFRESH, REVOKE, SELECT, SET, SHOW, TRUNCATE, UNSET, UPDATE, UPSERT, USE, VALUES, WITH";

    const string Identifier = "IDENTIFIER";

    /// <summary>What may start an expression (ParserTest's expected list after WHERE).</summary>
    const string ExpressionStarts = "CASE, CAST, DATE, EXISTS, FALSE, GROUPING, IF, INTERVAL, LEFT, NOT, NULL, REPLACE, RIGHT, STRAIGHT_JOIN, TRUNCATE, TRUE, UNNEST, IDENTIFIER";

    /// <summary>What may start a select list item (ParserTest's expected list after SELECT).</summary>
    const string SelectListStarts = "ALL, CASE, CAST, DATE, DISTINCT, EXISTS, FALSE, GROUPING, IF, INTERVAL, LEFT, NOT, NULL, REPLACE, RIGHT, STRAIGHT_JOIN, TRUNCATE, TRUE, UNNEST, IDENTIFIER";

    static readonly HashSet<string> ExpressionKeywords = new(ExpressionStarts.Split(", "), StringComparer.OrdinalIgnoreCase);

    /// <summary>Tokens after which an expression starts.</summary>
    static readonly string[] BeforeExpression = ["SELECT", "WHERE", "HAVING", "WHEN", "THEN", "ELSE", "AND", "OR", "ON", ",", "(", "=", "!=", "<>", "<", ">", "<=", ">=", "<=>", "+", "-", "/", "%", "||", "&&"];

    /// <summary>Keywords that may follow particular tokens besides an expression's start.</summary>
    static readonly Dictionary<string, string[]> AlsoAfter = new(StringComparer.OrdinalIgnoreCase)
    {
        ["SELECT"] = ["ALL", "DISTINCT"],
        ["("] = ["SELECT", "WITH", "VALUES", "PARTITION", "ORDER", "ROWS", "RANGE", "DISTINCT", "ALL", "BOTH", "LEADING", "TRAILING"],
        ["AND"] = ["UNBOUNDED", "CURRENT"],
        ["WHEN"] = ["MATCHED"], // MERGE … WHEN [NOT] MATCHED THEN UPDATE | INSERT | DELETE
        ["THEN"] = ["UPDATE", "INSERT", "DELETE"],
        ["<"] = ["VALUES"], ["<="] = ["VALUES"], // Kudu range partitions: PARTITION 1 < VALUES <= 10
    };

    /// <summary>Statements whose words after ON, SELECT … are privileges and objects, not expressions.</summary>
    static readonly string[] PrivilegeStatements = ["GRANT", "REVOKE"];

    /// <summary>Complex types: ARRAY&lt;STRING&gt;, MAP&lt;…&gt;, STRUCT&lt;…&gt; take type keywords after '&lt;'.</summary>
    static readonly string[] ComplexTypes = ["ARRAY", "MAP", "STRUCT"];

    static readonly HashSet<string> StartKeywords = new(StatementStarts.Split(", "), StringComparer.OrdinalIgnoreCase);

    /// <summary>Words after which a table, view or database name comes, and the keywords allowed there instead.</summary>
    static readonly Dictionary<string, string[]> NameLeads = new(StringComparer.OrdinalIgnoreCase)
    {
        ["FROM"] = ["UNNEST"], ["JOIN"] = ["UNNEST"], ["TABLE"] = ["IF", "STATS"], ["VIEW"] = ["IF"],
        ["DATABASE"] = ["IF", "EXTENDED", "FORMATTED"], ["SCHEMA"] = ["IF"], ["INTO"] = ["TABLE"], ["OVERWRITE"] = ["TABLE"],
        ["STATS"] = [], ["METADATA"] = ["TABLES"], ["USE"] = [], ["REFRESH"] = ["FUNCTIONS", "AUTHORIZATION"],
        ["DESCRIBE"] = ["FORMATTED", "EXTENDED", "DATABASE", "HISTORY"], ["FORMATTED"] = [], ["EXTENDED"] = [],
    };

    /// <summary>Words after AS that are not an alias: a query (CREATE VIEW/TABLE … AS SELECT) or a file format (STORED AS).</summary>
    static readonly string[] QueryAfterAs = ["SELECT", "WITH", "VALUES"];

    /// <summary>DuckDB's star modifiers: SELECT * EXCLUDE (…), * REPLACE (…), * RENAME (…), * LIKE '…'.</summary>
    static readonly string[] StarModifiers = ["EXCLUDE", "REPLACE", "RENAME", "LIKE", "ILIKE", "SIMILAR", "GLOB"];

    public static SyntaxViolation? First(DialectTokens t)
    {
        // A parenthesised query is a statement too; the parser does not list '(' among the expected tokens.
        if (!(t[0].Kind == SqlTokenKind.Word && StartKeywords.Contains(t[0].Value)) && !t.IsSymbol(0, "(")) return new(0, StatementStarts);
        for (var i = 0; i < t.Count; i++)
            if (At(t, i) is { } expected) return new(i, expected);
        return null;
    }

    /// <summary>What Impala expected instead of token <paramref name="i"/>, when it refuses it.</summary>
    static string? At(DialectTokens t, int i)
    {
        var token = t[i];
        // SET option=value takes any word as its value (the grammar's 'word' includes reserved ones).
        if (token.Kind == SqlTokenKind.Word && t.Words.IsUnusedReserved(token.Value) && !(t.Is(0, "SET") && t.IsSymbol(i - 1, "="))) return Identifier;
        if (t.IsReservedKeyword(i) && KeywordAsIdentifier(t, i)) return Identifier;
        if (t.IsReservedKeyword(i) && KeywordAsOperand(t, i) is { } starts) return starts;
        if (token.Kind == SqlTokenKind.Symbol) return Symbol(t, i);
        if (token.Kind == SqlTokenKind.Word) return DuckDbWord(t, i);
        return null;
    }

    static bool KeywordAsIdentifier(DialectTokens t, int i)
    {
        if (t.IsSymbol(i - 1, ".") || t.IsSymbol(i + 1, ".")) return true;
        if (t.Is(i - 1, "AS") && t.KindOf(t.Enclosing(i)) != ParenKind.Cast && !t.Is(i - 2, "STORED") && !QueryAfterAs.Any(k => t.Is(i, k))
            && !t.Is(i, "OF")) return true; // FOR SYSTEM_TIME AS OF
        if (t.KindOf(t.Enclosing(i)) == ParenKind.ColumnList && (t.IsSymbol(i - 1, "(") || t.IsSymbol(i - 1, ",")) && !t.Is(i, "PRIMARY") && !t.Is(i, "NON")) return true;
        var lead = t[i - 1];
        if (lead.Kind != SqlTokenKind.Word || !NameLeads.TryGetValue(lead.Value, out var allowed) || allowed.Any(t[i].Is)) return false;
        if (lead.Is("FROM") && t.KindOf(t.Enclosing(i)) == ParenKind.Call) return false; // EXTRACT(YEAR FROM …), TRIM(… FROM …)
        if (lead.Is("FROM") && t.Is(i - 2, "DISTINCT")) return false; // a IS [NOT] DISTINCT FROM NULL
        return true;
    }

    /// <summary>A keyword where an expression starts that cannot start one (a column named like a keyword, left bare).</summary>
    static string? KeywordAsOperand(DialectTokens t, int i)
    {
        if (t.Is(0, "SET") || PrivilegeStatements.Any(k => t.Is(0, k))) return null; // SET option=value takes words
        var before = t[i - 1];
        if (!BeforeExpression.Any(b => before.Kind == SqlTokenKind.Word ? before.Is(b) : before.IsSymbol(b))) return null;
        if (t.KindOf(t.Enclosing(i)) == ParenKind.ColumnList) return null; // column lists: KeywordAsIdentifier
        if (before.IsSymbol("<") && ComplexTypes.Any(k => t.Is(i - 2, k))) return null;
        if (ExpressionKeywords.Contains(t[i].Value) || (AlsoAfter.TryGetValue(before.Text, out var also) && also.Any(t[i].Is))) return null;
        return before.Is("SELECT") ? SelectListStarts : ExpressionStarts;
    }

    static string? Symbol(DialectTokens t, int i)
    {
        var text = t[i].Text;
        if (t.Display(i) == "Unexpected character") return "a character of Impala's SQL (this one has no meaning there)";
        if (text == "::") return "CAST(expr AS type): Impala has no :: cast";
        // DuckDB's two-character operators fail at their second character, where Impala's parser stops.
        if (Adjacent(t, i - 1) && (text, t[i - 1].Text) is (">", "-") or ("=", "=") or ("/", "/") or ("*", "*"))
            return text == ">" ? "an expression: Impala has no lambdas (->)" : $"an expression: Impala has no {t[i - 1].Text}{text} operator";
        // Impala's brackets: subscripts after a name or group, and join hints (JOIN [SHUFFLE] t).
        if (text == "[" && !(t[i - 1].IsName || t.IsSymbol(i - 1, ")") || t.IsSymbol(i - 1, "]") || t.Is(i - 1, "JOIN")))
            return "an expression: Impala has no list literals";
        return null;
    }

    static string? DuckDbWord(DialectTokens t, int i)
    {
        if (t.IsSymbol(i - 1, "*") && IsSelectStar(t, i - 1) && StarModifiers.Any(t[i].Is)) return "COMMA, FROM (Impala's * has no modifiers)";
        if (t.Is(i - 1, "DISTINCT") && t.Is(i, "ON")) return "an expression (Impala has no DISTINCT ON)";
        if (t.Is(i - 1, "BY") && t.Is(i, "ALL")) return "an expression (Impala has no GROUP BY ALL / ORDER BY ALL)";
        if (t.Is(i, "QUALIFY") && !t.IsKeyword(i) && !t.IsSymbol(i - 1, ".") && !t.Is(i - 1, "AS") && !t.IsSymbol(i + 1, ".")
            && i + 1 < t.Count && (t.IsName(i + 1) || t.IsSymbol(i + 1, "(") || t[i + 1].Kind is SqlTokenKind.Number or SqlTokenKind.String))
            return "GROUP, HAVING, LIMIT, ORDER, UNION, WHERE (Impala has no QUALIFY: filter a subquery on the window function)";
        return null;
    }

    static bool IsSelectStar(DialectTokens t, int star) =>
        t.Is(star - 1, "SELECT") || t.Is(star - 1, "DISTINCT") || t.Is(star - 1, "ALL") || t.IsSymbol(star - 1, ",") || t.IsSymbol(star - 1, ".");

    /// <summary>Token <paramref name="i"/> and the next touch (no space between): "->" is one DuckDB operator, "- >" two tokens.</summary>
    static bool Adjacent(DialectTokens t, int i) => i >= 0 && i + 1 < t.Count && t.Offset(i) + t[i].Text.Length == t.Offset(i + 1);
}
