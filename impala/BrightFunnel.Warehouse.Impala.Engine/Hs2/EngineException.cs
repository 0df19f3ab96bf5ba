using DuckDB.NET.Data;

namespace BrightFunnel.Warehouse.Impala.Engine.Hs2;

/// <summary>An error the engine reports to the client as Impala would: a SQLSTATE and a message.</summary>
public sealed class EngineException(string message, string sqlState = EngineException.GeneralError) : Exception(message)
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
        if (e is DuckDBException && (first.StartsWith("Parser Error", StringComparison.Ordinal)
            || first.StartsWith("Binder Error", StringComparison.Ordinal) || first.StartsWith("Catalog Error", StringComparison.Ordinal)))
            return Analysis(first);
        return new EngineException(first);
    }
}
