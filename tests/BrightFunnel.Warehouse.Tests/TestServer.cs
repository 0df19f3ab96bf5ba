using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator;

namespace BrightFunnel.Warehouse.Tests;

/// <summary>
/// The real MariaDB the integration tests use (started by <c>./run test</c>; <c>BFW_TEST_SERVER</c>
/// overrides it). Each test works in databases of its own, named with a fresh prefix.
/// </summary>
public static class TestServer
{
    static readonly Lazy<string> connectionString = new(() =>
        Environment.GetEnvironmentVariable("BFW_TEST_SERVER") is { Length: > 0 } cs ? cs
        : int.TryParse(Environment.GetEnvironmentVariable("BFW_DB_PORT"), out var port) ? WarehouseSettings.LocalServer(port)
        : throw new InvalidOperationException("the tests need a server: set BFW_TEST_SERVER or BFW_DB_PORT (./run test does)"));

    public static string ConnectionString
    {
        get
        {
            UnitRun.Refuse("MariaDB");
            return connectionString.Value;
        }
    }

    public static string SqlRoot => Path.Combine(AppContext.BaseDirectory, "sql");

    public static string UniqueName(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 10, 31)];

    public static MySqlConnection Open(string? database = null)
    {
        var connection = new MySqlConnection(database is null ? ConnectionString : ConnectionStrings.WithDatabase(ConnectionString, database));
        connection.Open();
        return connection;
    }

    /// <summary>A fresh empty database named <see cref="UniqueName"/>(<paramref name="prefix"/>); drop it with <see cref="DropDatabases"/>.</summary>
    public static string CreateDatabase(string prefix)
    {
        var name = UniqueName(prefix);
        using var c = Open();
        c.Execute($"CREATE DATABASE `{name}`");
        return name;
    }

    public static void DropDatabases(params string[] databases)
    {
        using var c = Open();
        foreach (var db in databases) c.Execute($"DROP DATABASE IF EXISTS `{db}`");
    }

    /// <summary>Settings whose control and web databases are fresh, so tests never share state.</summary>
    /// <summary>
    /// The key ring every test and the bfw processes it starts seal pod passwords with: the one
    /// <c>./run</c> exports, so that a child process (which reads the environment) and the test
    /// (whose working directory the runner moves) open the same pods.
    /// </summary>
    public static string KeyRing => Environment.GetEnvironmentVariable("BFW__KeyRing") is { Length: > 0 } ring
        ? ring
        : Path.Combine(Path.GetTempPath(), "bfw-test-keys");

    public static WarehouseSettings IsolatedSettings(string prefix, string? sqlRoot = null) => new()
    {
        KeyRing = KeyRing,
        Control = new DatabaseSettings { ConnectionString = ConnectionStrings.WithDatabase(ConnectionString, prefix + "_control") },
        Web = new DatabaseSettings { ConnectionString = ConnectionStrings.WithDatabase(ConnectionString, prefix + "_web") },
        SqlRoot = sqlRoot ?? SqlRoot,
    };
}
