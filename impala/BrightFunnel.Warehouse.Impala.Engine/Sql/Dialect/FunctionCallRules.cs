namespace BrightFunnel.Warehouse.Impala.Engine.Sql.Dialect;

/// <summary>
/// Function calls Impala's analyser refuses: names that are not builtins (the local engine has
/// no UDFs, so every database has 0 functions), internal builtins, a wrong number of arguments,
/// <c>*</c> outside COUNT, and analytic functions without OVER.
/// </summary>
static class FunctionCallRules
{
    public static AnalysisViolation? First(DialectTokens t, string currentDatabase)
    {
        for (var i = 0; i + 1 < t.Count; i++)
        {
            if (!t.IsSymbol(i + 1, "(") || t.KindOf(i + 1) != ParenKind.Call) continue;
            var close = t.Match(i + 1);
            if (close < 0) continue;
            if (Check(t, i, close, currentDatabase) is { } message) return new(i, message);
        }
        return null;
    }

    static string? Check(DialectTokens t, int name, int close, string currentDatabase)
    {
        var fn = t[name].Value.ToLowerInvariant();
        var qualified = t.IsSymbol(name - 1, ".") && t[name - 2].IsName;
        var database = qualified ? t[name - 2].Value.ToLowerInvariant() : currentDatabase;
        var builtin = qualified && database != ImpalaBuiltins.Database ? null : ImpalaBuiltins.Find(fn);
        if (builtin is null) return $"{database}.{fn}() unknown for database {database}. Currently this db has 0 functions.";
        var args = Arguments(t, name + 1, close);
        if (args.Count == 1 && args[0].From + 1 == args[0].To && t.IsSymbol(args[0].From, "*"))
            return fn == "count" ? null : "'*' can only be used in conjunction with COUNT";
        var distinct = args.Count > 0 && t.Is(args[0].From, "DISTINCT");
        var special = Enumerable.Range(name + 2, Math.Max(0, close - name - 2)).Any(i => t.Is(i, "FROM") && t.Enclosing(i) == name + 1);
        if (!builtin.Callable || (!special && !(distinct && fn == "count") && !builtin.Accepts(args.Count)))
            return $"No matching function with signature: {fn}({string.Join(", ", args.Select(a => LiteralTypes.Of(t, a.From, a.To) ?? "?"))}).";
        if (builtin.IsAnalyticOnly && !t.Is(close + 1, "OVER"))
            return $"Analytic function requires an OVER clause: {fn}({Text(t, name + 2, close)})";
        return null;
    }

    /// <summary>The comma-separated arguments between the parentheses, as token ranges [From, To).</summary>
    static List<(int From, int To)> Arguments(DialectTokens t, int open, int close)
    {
        var args = new List<(int, int)>();
        if (close == open + 1) return args;
        var start = open + 1;
        for (var i = open + 1; i < close; i++)
        {
            if (t.IsSymbol(i, ",") && t.Enclosing(i) == open)
            {
                args.Add((start, i));
                start = i + 1;
            }
        }
        args.Add((start, close));
        return args;
    }

    static string Text(DialectTokens t, int from, int to) =>
        from >= to ? "" : t.Sql[t.Offset(from)..(t.Offset(to - 1) + t[to - 1].Text.Length)];
}
