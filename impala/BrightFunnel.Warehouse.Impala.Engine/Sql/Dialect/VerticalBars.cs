namespace BrightFunnel.Warehouse.Impala.Engine.Sql.Dialect;

/// <summary>
/// The operands of Impala's <c>||</c> (OR in every Impala we target; see LiteralTypeRules) and
/// what the tokens tell of their types: an operand with a comparison, a logical operator or a predicate keyword
/// (IS, IN, LIKE, BETWEEN, EXISTS …) or a TRUE/FALSE literal is BOOLEAN; a string literal is STRING;
/// anything else (a column, a call) is unknown and taken as a string.
/// </summary>
static class VerticalBars
{
    static readonly string[] BooleanSymbols = ["=", "!=", "<>", "<", ">", "<=", ">=", "<=>", "&&"];

    static readonly string[] BooleanWords = ["AND", "OR", "NOT", "IS", "IN", "LIKE", "ILIKE", "RLIKE", "REGEXP", "IREGEXP", "BETWEEN", "EXISTS", "TRUE", "FALSE"];

    /// <summary>Tokens that end an operand of <c>||</c> (the loosest binary operator in Impala's grammar).</summary>
    static readonly string[] StopWords = ["SELECT", "WHERE", "ON", "WHEN", "THEN", "ELSE", "END", "HAVING", "FROM", "GROUP", "ORDER", "LIMIT", "AS", "UNION", "CASE", "BY"];

    /// <summary>BOOLEAN, STRING, another literal's type, or null when the tokens do not tell.</summary>
    public static string? OperandType(DialectTokens t, (int From, int To) span)
    {
        var (from, to) = span;
        if (from >= to) return null;
        if (LiteralTypes.Of(t, from, to) is { } literal) return literal;
        if (t.IsSymbol(from, "(") && t.Match(from) == to - 1) return OperandType(t, (from + 1, to - 1));
        for (var i = from; i < to; i++)
        {
            if (t.IsSymbol(i, "(") && t.Match(i) >= 0) { i = t.Match(i); continue; }
            if (t[i].Kind == SqlTokenKind.Symbol && BooleanSymbols.Contains(t[i].Text)) return "BOOLEAN";
            if (BooleanWords.Any(t[i].Is)) return "BOOLEAN";
            if (t.IsSymbol(i, "||")) return "BOOLEAN";
        }
        return null;
    }

    public static (int From, int To) Left(DialectTokens t, int k) => Operands.Left(t, k, i => Stops(t, i));

    public static (int From, int To) Right(DialectTokens t, int k) => Operands.Right(t, k, i => Stops(t, i));

    static bool Stops(DialectTokens t, int i) =>
        t.IsSymbol(i, "(") || t.IsSymbol(i, ")") || t.IsSymbol(i, ",") || t.IsSymbol(i, "||")
        || (StopWords.Any(t[i].Is) && !(t.Is(i, "FROM") && t.Is(i - 1, "DISTINCT")));
}
