using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator;

/// <summary>Splits a connection string into its server part and its database name.</summary>
public static class ConnectionStrings
{
    public static string ServerOf(string connectionString) =>
        new MySqlConnectionStringBuilder(connectionString) { Database = "" }.ConnectionString;

    public static string DatabaseOf(string connectionString) =>
        new MySqlConnectionStringBuilder(connectionString).Database is { Length: > 0 } db
            ? db
            : throw new BadInputException($"connection string names no database: {Secrets.MaskPasswords(connectionString)}");

    /// <summary>A tenant database connection able to bulk-load (LOAD DATA LOCAL) and run long steps.</summary>
    public static string ForTenantWork(string serverConnectionString, string database) =>
        new MySqlConnectionStringBuilder(serverConnectionString)
        {
            Database = database,
            AllowLoadLocalInfile = true,
            DefaultCommandTimeout = 0,
            AllowUserVariables = true,
            // MySql.Data drops the password from an opened connection's string otherwise, and the cancel of a
            // long step opens a second connection from it to send KILL QUERY.
            PersistSecurityInfo = true,
        }.ConnectionString;

    /// <summary>The same connection, able to LOAD DATA LOCAL.</summary>
    public static string ForBulkLoad(string connectionString) =>
        new MySqlConnectionStringBuilder(connectionString) { AllowLoadLocalInfile = true, DefaultCommandTimeout = 0 }.ConnectionString;

    public static string WithDatabase(string serverConnectionString, string database) =>
        new MySqlConnectionStringBuilder(serverConnectionString) { Database = database }.ConnectionString;
}
