using MySql.Data.MySqlClient;

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

    public static string WithDatabase(string serverConnectionString, string database) =>
        new MySqlConnectionStringBuilder(serverConnectionString) { Database = database }.ConnectionString;
}
