using System.Net.Sockets;
using BrightFunnel.Warehouse.Impala.Client;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;

namespace BrightFunnel.Warehouse.Orchestrator.Cycle;

/// <summary>
/// Which failures are worth retrying: lost or refused connections (MySQL or the Impala engine),
/// deadlocks and lock wait timeouts. Bad configuration, bad input and SQL errors are permanent.
/// </summary>
public static class TransientFailure
{
    // Deadlock, lock wait timeout, too many connections, server gone away / lost, can't connect.
    static readonly HashSet<int> MySqlTransient = [1213, 1205, 1040, 2006, 2013, 1042, 1043, 1053, 1077, 1159, 1161];

    // Server gone away, lost connection during query.
    static readonly HashSet<int> MySqlLost = [2006, 2013];

    /// <summary>
    /// The connection to a MySQL server broke mid-command (server killed or restarted, network):
    /// MySql.Data says only "Fatal error encountered during command execution" with the socket's error inside.
    /// </summary>
    public static bool IsLostConnection(Exception e)
    {
        // Only inside a MySqlException: an Impala engine that refuses its socket is not a lost MySQL server.
        for (var x = e; x is not null; x = x.InnerException)
            if (x is MySqlException m && (MySqlLost.Contains(m.Number) || m.Number == 0 && SocketFailureWithin(m)))
                return true;
        return false;
    }

    static bool SocketFailureWithin(Exception e)
    {
        for (var x = e.InnerException; x is not null; x = x.InnerException)
            if (x is SocketException or IOException) return true;
        return false;
    }

    /// <summary>The server a connection string points at, for a message: host:port, never credentials.</summary>
    public static string ServerOf(string connectionString) => RunConnections.ServerOf(connectionString);

    public static bool Is(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                case BadInputException:
                case Hs2AuthenticationException:
                    return false;
                case Hs2ConnectionException:
                    return true;
                case MySqlException m when MySqlTransient.Contains(m.Number) || m.Number == 0 && m.InnerException is SocketException or IOException:
                case MySqlException { Message: var msg } when msg.StartsWith("Unable to connect", StringComparison.Ordinal):
                case SocketException:
                case IOException:
                case TimeoutException:
                    return true;
            }
        }
        return false;
    }
}
