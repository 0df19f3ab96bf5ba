using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator.Cycle;

/// <summary>
/// Runs a long statement (a procedure CALL) so that cancelling the token stops it on the
/// server: a second connection sends <c>KILL QUERY</c> for the statement's own thread.
/// </summary>
public static class CancellableSql
{
    public static int Execute(MySqlConnection connection, string sql, object? param, CancellationToken cancel)
    {
        cancel.ThrowIfCancellationRequested();
        var thread = connection.ServerThread;
        var killer = new MySqlConnectionStringBuilder(connection.ConnectionString) { Pooling = false }.ConnectionString;
        using var registration = cancel.Register(() =>
        {
            using var kill = new MySqlConnection(killer);
            kill.Open();
            kill.Execute($"KILL QUERY {thread}");
        });
        try
        {
            return connection.Execute(sql, param, commandTimeout: 0);
        }
        catch (MySqlException) when (cancel.IsCancellationRequested)
        {
            throw new OperationCanceledException("cancelled while running: " + sql.Split('\n')[0], cancel);
        }
    }
}
