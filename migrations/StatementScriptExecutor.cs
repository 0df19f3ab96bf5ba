using System.Diagnostics;
using DbUp.Engine;
using DbUp.Engine.Transactions;

namespace BrightFunnel.Warehouse.Migrations;

/// <summary>
/// Runs a script statement by statement and journals it with its duration. Written for MySQL
/// rather than taken from dbup-core so that a failure names the line its statement starts on.
/// </summary>
public sealed class StatementScriptExecutor(IConnectionManager connectionManager, ChecksumJournal journal) : IScriptExecutor
{
    public int? ExecutionTimeoutSeconds { get; set; }

    public void Execute(SqlScript script) => Execute(script, null);

    public void Execute(SqlScript script, IDictionary<string, string>? variables)
    {
        var statements = MySqlScriptSplitter.Split(script.Contents);
        connectionManager.ExecuteCommandsWithManagedConnection(commandFactory =>
        {
            var clock = Stopwatch.StartNew();
            foreach (var statement in statements)
            {
                try
                {
                    using var command = commandFactory();
                    command.CommandText = statement.Text;
                    command.CommandTimeout = ExecutionTimeoutSeconds ?? 0;
                    command.ExecuteNonQuery();
                }
                catch (Exception e)
                {
                    throw new MigrationScriptException(script.Name, statement.Line, statement.Text, e);
                }
            }
            journal.EnsureTableExistsAndIsLatestVersion(commandFactory);
            journal.LastDurationMs = clock.ElapsedMilliseconds;
            journal.StoreExecutedScript(script, commandFactory);
        });
    }

    public void VerifySchema() { }
}
