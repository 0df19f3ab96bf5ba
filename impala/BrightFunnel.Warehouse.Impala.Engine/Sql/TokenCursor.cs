namespace BrightFunnel.Warehouse.Impala.Engine.Sql;

/// <summary>Walks a token list, skipping whitespace and comments; positions are indexes into the full list.</summary>
sealed class TokenCursor(IReadOnlyList<SqlToken> tokens)
{
    int position = Skip(tokens, 0);

    public IReadOnlyList<SqlToken> Tokens => tokens;

    /// <summary>Index (in the full list) of the current significant token.</summary>
    public int Position => position;

    public bool AtEnd => position >= tokens.Count;

    public SqlToken Current => AtEnd ? throw new SqlSyntaxException("unexpected end of statement") : tokens[position];

    public SqlToken Next()
    {
        var token = Current;
        position = Skip(tokens, position + 1);
        return token;
    }

    public bool Peek(string keyword) => !AtEnd && tokens[position].Is(keyword);

    public bool PeekSymbol(string symbol) => !AtEnd && tokens[position].IsSymbol(symbol);

    /// <summary>Consumes the keywords if they come next, in order; otherwise consumes nothing.</summary>
    public bool Accept(params string[] keywords)
    {
        var p = position;
        foreach (var k in keywords)
        {
            if (p >= tokens.Count || !tokens[p].Is(k)) return false;
            p = Skip(tokens, p + 1);
        }
        position = p;
        return true;
    }

    public bool AcceptSymbol(string symbol)
    {
        if (!PeekSymbol(symbol)) return false;
        Next();
        return true;
    }

    public void Expect(string keyword)
    {
        if (!Accept(keyword)) throw new SqlSyntaxException($"expected {keyword} but found '{(AtEnd ? "end of statement" : Current.Text)}'");
    }

    public void ExpectSymbol(string symbol)
    {
        if (!AcceptSymbol(symbol)) throw new SqlSyntaxException($"expected '{symbol}' but found '{(AtEnd ? "end of statement" : Current.Text)}'");
    }

    public string Name()
    {
        var t = Next();
        return t.IsName ? t.Value : throw new SqlSyntaxException($"expected a name but found '{t.Text}'");
    }

    public TableName TableName()
    {
        var first = Name();
        return AcceptSymbol(".") ? new TableName(first, Name()) : new TableName(null, first);
    }

    public string StringLiteral()
    {
        var t = Next();
        return t.Kind == SqlTokenKind.String ? t.Value : throw new SqlSyntaxException($"expected a quoted string but found '{t.Text}'");
    }

    /// <summary>Skips a parenthesised group (the cursor is on its opening parenthesis).</summary>
    public void SkipGroup()
    {
        ExpectSymbol("(");
        var depth = 1;
        while (depth > 0)
        {
            var t = Next();
            if (t.IsSymbol("(")) depth++;
            else if (t.IsSymbol(")")) depth--;
        }
    }

    static int Skip(IReadOnlyList<SqlToken> tokens, int i)
    {
        while (i < tokens.Count && tokens[i].IsTrivia) i++;
        return i;
    }
}
