namespace BrightFunnel.Warehouse.Impala.Engine.Sql.Dialect;

/// <summary>A statement Impala's front end refuses; <see cref="Message"/> is the text after "AnalysisException: ".</summary>
public sealed record DialectViolation(string Message)
{
    public override string ToString() => $"AnalysisException: {Message}";
}

/// <summary>
/// Refuses what Impala's parser and analyser refuse but DuckDB would run: reserved words as
/// identifiers, DuckDB-only syntax, functions Impala lacks or calls with the wrong number of
/// arguments, and literal operands of the wrong type. A pure function of the text, the reserved
/// words version and the current database, so tests and the offload can check statements with
/// it too. It reads tokens, not Impala's grammar: it catches what it is told about, and passing
/// it is no proof that Impala parses a statement (docs/decisions/impala-dialect-guard.md).
/// </summary>
public static class ImpalaDialect
{
    /// <summary>The first violation (syntax errors first, as Impala parses before it analyses), or null.</summary>
    public static DialectViolation? Check(string sql, ReservedWordsVersion version = ReservedWordsVersion.Impala3_0, string currentDatabase = "default")
    {
        DialectTokens tokens;
        try { tokens = new DialectTokens(sql, ImpalaWords.For(version)); }
        catch (SqlSyntaxException)
        {
            // An unclosed quote; an unclosed /* comment is left to the statement parser.
            var quote = UnmatchedQuote.Find(sql);
            return quote < 0 ? null : new DialectViolation(ImpalaSyntaxError.UnmatchedString(sql, quote));
        }
        if (tokens.Count == 0) return null;
        var syntax = SyntaxRules.First(tokens);
        if (syntax is { } s) return new DialectViolation(ImpalaSyntaxError.Format(tokens, s.Token, s.Expected));
        var analysis = new[] { FunctionCallRules.First(tokens, currentDatabase.ToLowerInvariant()), LiteralTypeRules.First(tokens) }
            .Where(v => v is not null).MinBy(v => v!.Value.Token);
        return analysis is { } a ? new DialectViolation(a.Message) : null;
    }
}

/// <summary>A syntax error at a token, with what Impala would have accepted there.</summary>
readonly record struct SyntaxViolation(int Token, string Expected);

/// <summary>An analysis error found at a token (for ordering), with Impala's message.</summary>
readonly record struct AnalysisViolation(int Token, string Message);
