using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Runs;

namespace BrightFunnel.Warehouse.Orchestrator.Cycle;

/// <summary>
/// Runs a long statement (a procedure CALL) so that cancelling the token stops it on the
/// server: a second connection sends <c>KILL QUERY</c> for the statement's own thread. The
/// connection string must keep its password once opened (see <see cref="ConnectionStrings.ForTenantWork"/>).
/// </summary>
public static class CancellableSql
{
    static readonly NLog.Logger Log = NLog.LogManager.GetCurrentClassLogger();

    /// <summary>
    /// Prefix of a procedure call whose window functions, derived tables and GROUP BYs need internal
    /// temporary tables bigger than the server's 16 MB default: they stay in memory for that call only.
    /// On disk, an M tenant's engage step took 79 s; at L the touches' ranking in cn_build_touches took
    /// 15.6 s against 12.6 s in memory.
    /// </summary>
    public const string InMemory = "SET STATEMENT tmp_table_size = 1073741824, max_heap_table_size = 1073741824 FOR ";

    public static int Execute(MySqlConnection connection, string sql, object? param, CancellationToken cancel, MySqlTransaction? transaction = null) =>
        Run(connection, sql, cancel, transaction, () => connection.Execute(sql, param, transaction, commandTimeout: 0));

    /// <summary>A long read (the shares invariant over every pair), stopped on the server the same way.</summary>
    public static T? QueryFirstOrDefault<T>(MySqlConnection connection, string sql, object? param, CancellationToken cancel) =>
        Run(connection, sql, cancel, null, () => connection.Query<T>(sql, param, commandTimeout: 0).FirstOrDefault());

    static T Run<T>(MySqlConnection connection, string sql, CancellationToken cancel, MySqlTransaction? transaction, Func<T> statement)
    {
        cancel.ThrowIfCancellationRequested();
        var thread = connection.ServerThread;
        RunConnections.Record(connection); // so that a recovery can stop it if this process dies meanwhile
        // The run the statement writes for, which the procedures' swaps check; and a run that woke up after losing
        // its tenant starts nothing more: its shadow tables are the same names a live run may be filling.
        TenantFence.Check(connection, sql.Split('\n')[0], transaction);
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
            return statement();
        }
        catch (Exception e) when (cancel.IsCancellationRequested && e is not OperationCanceledException)
        {
            // Whatever the driver throws once we killed the statement (a MySqlException, or MySql.Data's own
            // NullReferenceException for a killed CALL) is the cancel. The connection is not to be trusted after
            // that, and a killed procedure may leave its transaction open, holding its locks: have the pool close
            // its connections rather than keep them, so the server ends the session and rolls it back.
            MySqlConnection.ClearPool(connection);
            throw new OperationCanceledException("cancelled while running: " + sql.Split('\n')[0], cancel);
        }
    }
}
