using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Loading;

/// <summary>
/// Connections of their own for loading one table in parallel (the server's share of a load is
/// the larger one, and two connections spread it over both cores): clones of a connection, each
/// prepared by the same session SQL, closed together.
/// </summary>
sealed class LoadConnections : IDisposable
{
    readonly List<MySqlConnection> connections = [];

    public LoadConnections(MySqlConnection like, int count, string sessionSql, object? parameters = null)
    {
        try
        {
            for (var i = 0; i < count; i++)
            {
                var connection = (MySqlConnection)like.Clone();
                connections.Add(connection);
                connection.Open();
                connection.Execute(sessionSql, parameters);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public IReadOnlyList<MySqlConnection> All => connections;

    public void Dispose()
    {
        if (connections.Count == 0) return;
        foreach (var c in connections) c.Dispose();
        // Pooled, the extra connections would idle on for minutes per tenant: enough, over a test
        // suite's many tenants, to reach the server's max_connections.
        MySqlConnection.ClearPool(connections[0]);
        connections.Clear();
    }
}
