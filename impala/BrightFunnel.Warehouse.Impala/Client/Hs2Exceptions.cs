namespace BrightFunnel.Warehouse.Impala.Client;

/// <summary>Anything that went wrong talking HiveServer2. Messages never hold a password.</summary>
public class Hs2Exception(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The connection could not be opened, or broke during an RPC (a dead socket, a timed-out RPC,
/// an HTTP failure). <see cref="Rpc"/> names the call that was in flight, if any.
/// </summary>
public class Hs2ConnectionException(string endpoint, string message, string? rpc = null, Exception? inner = null)
    : Hs2Exception($"HS2 {endpoint}: {message}", inner)
{
    public string Endpoint { get; } = endpoint;
    public string? Rpc { get; } = rpc;
}

/// <summary>The server refused our credentials (SASL PLAIN or HTTP Basic).</summary>
public sealed class Hs2AuthenticationException(string endpoint, string message)
    : Hs2ConnectionException(endpoint, message);

/// <summary>
/// The server answered with an error: a <c>TStatus</c> in error or an operation in ERROR state.
/// Carries the SQLSTATE, the server's own message and the first line of the statement.
/// </summary>
public class Hs2QueryException(string? sqlState, string serverMessage, string statementFirstLine, int errorCode = 0, string? prefix = null)
    : Hs2Exception($"{prefix ?? "Impala query failed"} [SQLSTATE {sqlState ?? "?"}]: {serverMessage.Trim()} — query: {statementFirstLine}")
{
    public string? SqlState { get; } = sqlState;
    public string ServerMessage { get; } = serverMessage;
    public string StatementFirstLine { get; } = statementFirstLine;
    public int ErrorCode { get; } = errorCode;
}

/// <summary>The query ran past its timeout; the client cancelled and closed it on the server.</summary>
public sealed class Hs2QueryTimeoutException(TimeSpan timeout, string statementFirstLine)
    : Hs2QueryException("HYT00", $"no result after {timeout.TotalSeconds:0.###} s; the query was cancelled", statementFirstLine, prefix: "Impala query timed out")
{
    public TimeSpan Timeout { get; } = timeout;
}

static class Statements
{
    /// <summary>The first line of a statement that is neither blank nor a comment, short enough for a log line.</summary>
    public static string FirstLine(string sql)
    {
        foreach (var line in sql.AsSpan().EnumerateLines())
        {
            var t = line.Trim();
            if (t.IsEmpty || t.StartsWith("--")) continue;
            return t.Length <= 160 ? t.ToString() : string.Concat(t[..157], "...");
        }
        return "(empty statement)";
    }
}
