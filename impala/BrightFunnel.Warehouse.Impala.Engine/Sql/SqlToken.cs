namespace BrightFunnel.Warehouse.Impala.Engine.Sql;

public enum SqlTokenKind { Word, QuotedIdentifier, String, Number, Symbol, Comment, Whitespace }

/// <summary>
/// One lexical token of Impala SQL. <see cref="Text"/> is the source text; <see cref="Value"/> is
/// the meaning: the unescaped contents of a string, the name inside backticks, the word itself.
/// </summary>
public readonly record struct SqlToken(SqlTokenKind Kind, string Text, string Value)
{
    public bool IsTrivia => Kind is SqlTokenKind.Whitespace or SqlTokenKind.Comment;

    /// <summary>A bare word equal to <paramref name="keyword"/>, ignoring case.</summary>
    public bool Is(string keyword) => Kind == SqlTokenKind.Word && string.Equals(Value, keyword, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(string symbol) => Kind == SqlTokenKind.Symbol && Text == symbol;

    /// <summary>A name: a bare word or a backtick-quoted identifier.</summary>
    public bool IsName => Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier;

    public override string ToString() => Text;
}
