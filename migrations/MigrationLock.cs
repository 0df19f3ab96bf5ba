using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Migrations;

/// <summary>
/// A server-wide named lock (<c>GET_LOCK</c>) held on its own connection for the length of an
/// upgrade, so two migrators of one database apply each script exactly once.
/// </summary>
public sealed class MigrationLock : IDisposable
{
    readonly MySqlConnection connection;
    readonly string name;

    MigrationLock(MySqlConnection connection, string name)
    {
        this.connection = connection;
        this.name = name;
    }

    public static MigrationLock Acquire(string serverConnectionString, string database, TimeSpan timeout)
    {
        var name = $"bfw.migrate.{database}";
        var connection = new MySqlConnection(serverConnectionString);
        connection.Open();
        var got = connection.ExecuteScalar<long?>("SELECT GET_LOCK(@name, @seconds)",
            new { name, seconds = (int)timeout.TotalSeconds }, commandTimeout: (int)timeout.TotalSeconds + 30);
        if (got != 1)
        {
            connection.Dispose();
            throw new TimeoutException($"{database}: another migrator held lock '{name}' for more than {timeout.TotalSeconds:0} s");
        }
        return new MigrationLock(connection, name);
    }

    public void Dispose()
    {
        try { connection.Execute("SELECT RELEASE_LOCK(@name)", new { name }); }
        finally { connection.Dispose(); }
    }
}
