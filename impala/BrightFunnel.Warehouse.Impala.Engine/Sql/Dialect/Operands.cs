namespace BrightFunnel.Warehouse.Impala.Engine.Sql.Dialect;

/// <summary>The operands either side of a binary operator, as token ranges [From, To) at the operator's depth.</summary>
static class Operands
{
    /// <summary>Back from the operator at <paramref name="k"/> to the first token <paramref name="stops"/> says ends the operand; groups and calls are stepped over.</summary>
    public static (int From, int To) Left(DialectTokens t, int k, Func<int, bool> stops)
    {
        var depth = t.Enclosing(k);
        var i = k - 1;
        while (i >= 0)
        {
            if (t.IsSymbol(i, ")") && t.Match(i) >= 0 && t.Enclosing(t.Match(i)) == depth) i = t.Match(i) - 1;
            else if (t.Enclosing(i) != depth || stops(i)) break;
            else i--;
        }
        return (i + 1, k);
    }

    public static (int From, int To) Right(DialectTokens t, int k, Func<int, bool> stops)
    {
        var depth = t.Enclosing(k);
        var i = k + 1;
        while (i < t.Count)
        {
            if (t.IsSymbol(i, "(") && t.Match(i) >= 0 && t.Enclosing(i) == depth) i = t.Match(i) + 1;
            else if (t.Enclosing(i) != depth || stops(i)) break;
            else i++;
        }
        return (k + 1, i);
    }
}
