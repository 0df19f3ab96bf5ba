namespace BrightFunnel.Warehouse.Impala.Engine.Sql.Dialect;

/// <summary>
/// Type errors Impala's analyser finds between literals: a STRING compared with a number, and a
/// literal that is not BOOLEAN as an operand of OR/AND, and <c>||</c> between operands that are neither
/// both BOOLEAN nor both strings.
/// Only literals are typed here: operands that are columns are left to DuckDB's binder.
/// </summary>
static class LiteralTypeRules
{
    static readonly Dictionary<string, string> Comparisons = new()
    {
        ["="] = "=", ["!="] = "!=", ["<>"] = "!=", ["<"] = "<", [">"] = ">", ["<="] = "<=", [">="] = ">=", ["<=>"] = "IS NOT DISTINCT FROM",
    };

    /// <summary>Tokens that end an operand of a comparison or of OR/AND.</summary>
    static readonly string[] StopWords = ["SELECT", "WHERE", "AND", "OR", "ON", "WHEN", "THEN", "ELSE", "END", "HAVING", "NOT", "FROM", "GROUP", "ORDER", "LIMIT", "AS", "UNION", "CASE", "BY"];

    public static AnalysisViolation? First(DialectTokens t)
    {
        for (var k = 1; k + 1 < t.Count; k++)
        {
            var op = t[k];
            if (op.Kind == SqlTokenKind.Symbol && Comparisons.TryGetValue(op.Text, out var shown) && Comparison(t, k, shown) is { } c) return new(k, c);
            if ((op.Is("OR") || op.Is("AND") || op.IsSymbol("&&")) && Logical(t, k) is { } l) return new(k, l);
            if (op.IsSymbol("||") && VerticalBar(t, k) is { } v) return new(k, v);
        }
        return null;
    }

    static bool IsLogical(SqlToken op) => op.Is("OR") || op.Is("AND") || op.IsSymbol("||") || op.IsSymbol("&&");

    static string? Comparison(DialectTokens t, int k, string shown)
    {
        var (lf, lt) = Left(t, k, logical: false);
        var (rf, rt) = Right(t, k, logical: false);
        var left = LiteralTypes.Of(t, lf, lt);
        var right = LiteralTypes.Of(t, rf, rt);
        if (left is null || right is null || IsNumeric(left) == IsNumeric(right) || left == "BOOLEAN" || right == "BOOLEAN") return null;
        return $"operands of type {left} and {right} are not comparable: {Sql(t, lf, lt)} {shown} {Sql(t, rf, rt)}";
    }

    static string? Logical(DialectTokens t, int k)
    {
        var word = t[k].Is("AND") || t.IsSymbol(k, "&&") ? "AND" : "OR";
        var (lf, lt) = Left(t, k, logical: true);
        var (rf, rt) = Right(t, k, logical: true);
        if (IsBetweenAnd(t, k, t.Enclosing(k))) return null; // x BETWEEN a AND b
        var predicate = $"{Sql(t, lf, lt)} {word} {Sql(t, rf, rt)}";
        foreach (var (from, to) in new[] { (lf, lt), (rf, rt) })
        {
            var type = LiteralTypes.Of(t, from, to);
            if (type is not null && type != "BOOLEAN")
                return $"Operand '{Sql(t, from, to)}' part of predicate '{predicate}' should return type 'BOOLEAN' but returns type '{type}'.";
        }
        return null;
    }

    /// <summary>
    /// <c>||</c> as every Impala we target reads it: OR. Impala 4.0 (IMPALA-452) also made it concat
    /// between strings, but 3.x, still shipped in CDP, refuses that; an operand that is evidently not
    /// BOOLEAN is refused with 3.x's message, and concat() is the spelling both accept.
    /// </summary>
    static string? VerticalBar(DialectTokens t, int k)
    {
        var (left, right) = (VerticalBars.Left(t, k), VerticalBars.Right(t, k));
        var predicate = $"{Sql(t, left.From, left.To)} OR {Sql(t, right.From, right.To)}";
        foreach (var side in new[] { left, right })
        {
            var type = VerticalBars.OperandType(t, side);
            if (type is not null && type != "BOOLEAN")
                return $"Operand '{Sql(t, side.From, side.To)}' part of predicate '{predicate}' should return type 'BOOLEAN' but returns type '{type}'. "
                    + "(|| is OR before Impala 4.0: use concat() for strings)";
        }
        return null;
    }

    static bool IsNumeric(string type) => type != "STRING";

    /// <summary>The operand left of the operator at <paramref name="k"/>: back to a stop word, comma or parenthesis at its depth.</summary>
    static (int From, int To) Left(DialectTokens t, int k, bool logical) =>
        // x BETWEEN a AND b is one operand of the next AND, so a BETWEEN's AND does not stop it.
        Operands.Left(t, k, i => Stops(t, i, logical) && !(logical && IsBetweenAnd(t, i, t.Enclosing(k))));

    static (int From, int To) Right(DialectTokens t, int k, bool logical) => Operands.Right(t, k, i => Stops(t, i, logical));

    /// <summary>The AND at <paramref name="i"/> belongs to a BETWEEN: one is found leftwards before any other operator or stop.</summary>
    static bool IsBetweenAnd(DialectTokens t, int i, int depth)
    {
        if (!t.Is(i, "AND")) return false;
        for (var j = i - 1; j >= 0; j--)
        {
            if (t.IsSymbol(j, ")") && t.Match(j) >= 0 && t.Enclosing(t.Match(j)) == depth) { j = t.Match(j); continue; }
            if (t.Is(j, "BETWEEN")) return true;
            if (t.Enclosing(j) != depth || Stops(t, j, logical: true)) return false;
        }
        return false;
    }

    /// <summary>Whether token <paramref name="i"/> ends the operand; a comparison is inside an operand of OR/AND, not of another comparison.</summary>
    static bool Stops(DialectTokens t, int i, bool logical)
    {
        var token = t[i];
        if (token.IsSymbol("(") || token.IsSymbol(")") || token.IsSymbol(",")) return true;
        if (token.Is("FROM") && t.Is(i - 1, "DISTINCT")) return false; // a IS [NOT] DISTINCT FROM b
        if (IsLogical(token) || (!logical && token.Kind == SqlTokenKind.Symbol && Comparisons.ContainsKey(token.Text))) return true;
        return StopWords.Any(token.Is);
    }

    static string Sql(DialectTokens t, int from, int to) =>
        to - from == 1 ? LiteralTypes.Sql(t[from]) : string.Join(" ", Enumerable.Range(from, Math.Max(0, to - from)).Select(i => LiteralTypes.Sql(t[i])));
}
