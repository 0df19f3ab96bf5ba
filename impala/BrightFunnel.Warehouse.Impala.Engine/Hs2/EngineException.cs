using System.Text.RegularExpressions;
using BrightFunnel.Warehouse.Impala.Engine.Catalog;
using DuckDB.NET.Data;

namespace BrightFunnel.Warehouse.Impala.Engine.Hs2;

/// <summary>An error the engine reports to the client as Impala would: a SQLSTATE and a message.</summary>
public sealed partial class EngineException(string message, string sqlState = EngineException.GeneralError) : Exception(message)
{
    /// <summary>Impala answers nearly every failure with SQLSTATE HY000 (general error).</summary>
    public const string GeneralError = "HY000";

    public string SqlState { get; } = sqlState;

    public static EngineException Analysis(string message) => new($"AnalysisException: {message}");

    /// <summary>
    /// DuckDB's message in Impala's words: errors found before running (parser, binder, catalog)
    /// are AnalysisExceptions; the rest are runtime errors. Only DuckDB's first paragraph is kept
    /// (the caret drawing after it does not survive a log line).
    /// </summary>
    public static EngineException From(Exception e)
    {
        if (e is EngineException engine) return engine;
        var text = e.Message.Replace("\r", "");
        var cut = text.IndexOf("\n\n", StringComparison.Ordinal);
        var first = (cut < 0 ? text : text[..cut]).Trim();
        return e is DuckDBException ? FromDuckDb(first) : new EngineException(first);
    }

    /// <summary>DuckDB's first paragraph in Impala's words.</summary>
    internal static EngineException FromDuckDb(string first)
    {
        if (NotComparable().Match(first) is { Success: true } m)
            return Analysis($"operands of type {ImpalaName(m.Groups[1].Value)} and {ImpalaName(m.Groups[2].Value)} are not comparable");
        if (first.StartsWith("Parser Error", StringComparison.Ordinal) || first.StartsWith("Binder Error", StringComparison.Ordinal)
            || first.StartsWith("Catalog Error", StringComparison.Ordinal))
            return Analysis(first);
        return new EngineException(first);
    }

    /// <summary>DuckDB's type name as Impala writes it (INTEGER_LITERAL is DuckDB's untyped integer constant).</summary>
    static string ImpalaName(string duckType) =>
        DuckDbResultTypes.ToImpala(duckType.Replace("_LITERAL", "", StringComparison.Ordinal)).ToString().ToUpperInvariant();

    [GeneratedRegex(@"Cannot compare values of type (\S+) and type (\S+)")]
    private static partial Regex NotComparable();
}
