using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator.Cycle;

/// <summary>
/// Runs a long statement (a procedure CALL) so that cancelling the token stops it on the
/// server: a second connection sends <c>KILL QUERY</c> for the statement's own thread. The
/// connection string must keep its password once opened (see <see cref="ConnectionStrings.ForTenantWork"/>).
/// </summary>
public static class CancellableSql
{
    static readonly NLog.Logger Log = NLog.LogManager.GetCurrentClassLogger();

    public static int Execute(MySqlConnection connection, string sql, object? param, CancellationToken cancel)
    {
        cancel.ThrowIfCancellationRequested();
        var thread = connection.ServerThread;
        var killer = new MySqlConnectionStringBuilder(connection.ConnectionString) { Pooling = false }.ConnectionString;
        using var registration = cancel.Register(() =>
        {
            // Runs inside whoever cancels (the cancel poller, Quartz's shutdown): it must never throw at them.
            try
            {
                using var kill = new MySqlConnection(killer);
                kill.Open();
                kill.Execute($"KILL QUERY {thread}");
            }
            catch (Exception e)
            {
                Log.Warn("could not stop the running statement (it ends at its own pace): {error}", Secrets.MaskPasswords(e.Message));
            }
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
