using DbUp.Engine.Transactions;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Migrations;

/// <summary>dbup-core's connection manager for MySQL/MariaDB, splitting scripts with <see cref="MySqlScriptSplitter"/>.</summary>
public sealed class MySqlConnectionManager(string connectionString)
    : DatabaseConnectionManager(_ => new MySqlConnection(connectionString))
{
    public override IEnumerable<string> SplitScriptIntoCommands(string scriptContents) =>
        MySqlScriptSplitter.Split(scriptContents).Select(s => s.Text);
}
