namespace BrightFunnel.Warehouse.Impala.Engine.Sql.Dialect;

/// <summary>What a parenthesis opens, as far as the dialect rules care.</summary>
enum ParenKind { Group, Call, Cast, ColumnList }

/// <summary>
/// A statement's significant tokens (no whitespace or comments) with their offsets in the text,
/// how Impala's scanner classifies each word, and what every parenthesis opens.
/// </summary>
sealed class DialectTokens
{
    /// <summary>Keywords of <c>non_pred_expr</c> that the grammar also accepts as function names.</summary>
    static readonly string[] KeywordFunctions = ["IF", "REPLACE", "TRUNCATE", "LEFT", "RIGHT", "GROUPING"];

    /// <summary>Words after which a name is a table or view, never a function.</summary>
    static readonly string[] ObjectNameLeads = ["TABLE", "VIEW", "INTO", "EXISTS", "OVERWRITE", "STATS"];

    /// <summary>Words before a parenthesis that opens arguments of a clause, not of a function: PRIMARY KEY (…), TABLESAMPLE SYSTEM (…).</summary>
    static readonly string[] ClauseLeads = ["PRIMARY", "TABLESAMPLE"];

    static readonly SqlToken Outside = new(SqlTokenKind.Whitespace, "", "");

    readonly List<SqlToken> tokens = [];
    readonly List<int> offsets = [];
    readonly List<int> sources = [];
    readonly int[] enclosing;
    readonly int[] match;
    readonly Dictionary<int, ParenKind> parens = [];

    public DialectTokens(string sql, ImpalaWords words) : this(SqlTokenizer.Tokenize(sql), words) { }

    /// <summary>From a tokenized statement (the translator's tokens); <see cref="Source"/> maps back into it.</summary>
    public DialectTokens(IReadOnlyList<SqlToken> all, ImpalaWords words)
    {
        Sql = string.Concat(all.Select(t => t.Text));
        Words = words;
        var offset = 0;
        for (var n = 0; n < all.Count; n++)
        {
            var token = all[n];
            if (!token.IsTrivia)
            {
                tokens.Add(token);
                offsets.Add(offset);
                sources.Add(n);
            }
            offset += token.Text.Length;
        }
        // One trailing ';' ends the statement; it is not part of it.
        if (tokens.Count > 0 && tokens[^1].IsSymbol(";"))
        {
            tokens.RemoveAt(tokens.Count - 1);
            offsets.RemoveAt(offsets.Count - 1);
            sources.RemoveAt(sources.Count - 1);
        }
        enclosing = new int[tokens.Count];
        match = Enumerable.Repeat(-1, tokens.Count).ToArray();
        var open = new Stack<int>();
        for (var i = 0; i < tokens.Count; i++)
        {
            enclosing[i] = open.Count > 0 ? open.Peek() : -1;
            if (tokens[i].IsSymbol("(")) open.Push(i);
            else if (tokens[i].IsSymbol(")") && open.Count > 0) { var o = open.Pop(); match[o] = i; match[i] = o; }
        }
        for (var i = 0; i < tokens.Count; i++)
            if (tokens[i].IsSymbol("(")) parens[i] = Classify(i);
    }

    public string Sql { get; }

    public ImpalaWords Words { get; }

    public int Count => tokens.Count;

    /// <summary>The token at <paramref name="i"/>; before the start or past the end, an empty token that matches nothing.</summary>
    public SqlToken this[int i] => i >= 0 && i < tokens.Count ? tokens[i] : Outside;

    /// <summary>The index of significant token <paramref name="i"/> in the list it was built from, trivia included.</summary>
    public int Source(int i) => sources[i];

    public int Offset(int i) => i < tokens.Count ? offsets[i] : Sql.TrimEnd().TrimEnd(';').Length;

    public bool Is(int i, string keyword) => this[i].Is(keyword);

    public bool IsSymbol(int i, string symbol) => this[i].IsSymbol(symbol);

    /// <summary>A bare word the scanner makes a keyword token.</summary>
    public bool IsKeyword(int i) => this[i].Kind == SqlTokenKind.Word && Words.IsKeyword(this[i].Value);

    /// <summary>A keyword the grammar does not accept where it wants an identifier.</summary>
    public bool IsReservedKeyword(int i) => this[i].Kind == SqlTokenKind.Word && Words.IsReservedKeyword(this[i].Value);

    public bool IsName(int i) => this[i].Kind == SqlTokenKind.QuotedIdentifier || (this[i].Kind == SqlTokenKind.Word && !Words.IsKeyword(this[i].Value));

    /// <summary>The parenthesis that directly encloses token <paramref name="i"/>, or -1.</summary>
    public int Enclosing(int i) => i >= 0 && i < enclosing.Length ? enclosing[i] : -1;

    public ParenKind KindOf(int paren) => parens.GetValueOrDefault(paren, ParenKind.Group);

    public bool InsideAny(int i, ParenKind kind)
    {
        for (var p = Enclosing(i); p >= 0; p = Enclosing(p))
            if (KindOf(p) == kind) return true;
        return false;
    }

    /// <summary>The index of the parenthesis matching the one at <paramref name="i"/>, or -1 when unbalanced.</summary>
    public int Match(int i) => i >= 0 && i < match.Length ? match[i] : -1;

    /// <summary>How Impala's error message names the token (its <c>tokenIdMap</c>).</summary>
    public string Display(int i)
    {
        if (i >= tokens.Count) return "EOF";
        var t = tokens[i];
        return t.Kind switch
        {
            SqlTokenKind.Word when Words.IsKeyword(t.Value) => t.Value.ToUpperInvariant(),
            SqlTokenKind.Word when Words.IsUnusedReserved(t.Value) => $"A reserved word cannot be used as an identifier: {t.Value}",
            SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier => "IDENTIFIER",
            SqlTokenKind.String => "STRING LITERAL",
            SqlTokenKind.Number => t.Text.All(char.IsDigit) ? "INTEGER LITERAL" : "DECIMAL LITERAL",
            _ when t.Text == "," => "COMMA",
            _ when t.Text.Length == 1 && !":;.*()[]/%+-&|^~=!<>".Contains(t.Text[0]) => "Unexpected character",
            _ => t.Text[..1],
        };
    }

    /// <summary>First index of a qualified name ending at <paramref name="i"/> (a.b.c → a).</summary>
    public int NameStart(int i)
    {
        while (IsSymbol(i - 1, ".") && this[i - 2].IsName) i -= 2;
        return i;
    }

    /// <summary>The name at <paramref name="i"/> names a table or view (after TABLE, INTO, IF NOT EXISTS …).</summary>
    public bool IsObjectName(int i)
    {
        var lead = NameStart(i) - 1;
        return ObjectNameLeads.Any(k => Is(lead, k)) && !(Is(lead, "EXISTS") && IsSymbol(lead + 1, "("));
    }

    ParenKind Classify(int open)
    {
        var name = open - 1;
        var before = this[name];
        if (before.Kind == SqlTokenKind.Word && Words.IsKeyword(before.Value))
        {
            if (before.Is("CAST")) return ParenKind.Cast;
            return KeywordFunctions.Any(before.Is) && !IsSymbol(name - 1, ".") ? ParenKind.Call : ParenKind.Group;
        }
        if (!before.IsName || ClauseLeads.Any(k => Is(name - 1, k))) return ParenKind.Group;
        if (Is(Enclosing(name) - 1, "SPEC")) return ParenKind.Group; // Iceberg partition transforms: SPEC (bucket(3, id), void(s))
        if (IsObjectName(name)) return Is(0, "CREATE") || Is(0, "INSERT") || Is(0, "UPSERT") ? ParenKind.ColumnList : ParenKind.Group;
        // A CTE's column list: name (a, b) AS (query).
        var close = Match(open);
        if (close >= 0 && Is(close + 1, "AS") && IsSymbol(close + 2, "(")) return ParenKind.Group;
        return ParenKind.Call;
    }
}
