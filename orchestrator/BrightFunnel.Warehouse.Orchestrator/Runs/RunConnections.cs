using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Runs;

/// <summary>
/// Records in <c>run_connections</c> the tenant-server connection ids (MySQL CONNECTION_ID()) a run
/// sends its long statements on, so that recovery can <c>KILL QUERY</c> what a dead owner left
/// running. Ambient for the run (an AsyncLocal set by <see cref="DataCycle"/>), because the
/// statements run deep inside the steps, and the steps should not carry a run id for this alone.
/// A run that ends in its own process forgets its rows: only the dead leave some.
/// </summary>
public sealed class RunConnections : IDisposable
{
    static readonly NLog.Logger Log = NLog.LogManager.GetCurrentClassLogger();
    static readonly AsyncLocal<RunConnections?> Current = new();

    readonly string controlConnectionString;
    readonly long runId;
    readonly HashSet<(string, int)> recorded = [];
    readonly RunConnections? previous;

    RunConnections(string controlConnectionString, long runId)
    {
        this.controlConnectionString = controlConnectionString;
        this.runId = runId;
        previous = Current.Value;
        Current.Value = this;
    }

    /// <summary>Records the connections of this run from here on (in this flow and the tasks it starts) until disposed.</summary>
    public static RunConnections Track(string controlConnectionString, long runId) => new(controlConnectionString, runId);

    /// <summary>The server a connection string points at, as run_connections names it: host:port, no credentials.</summary>
    public static string ServerOf(string connectionString)
    {
        var b = new MySqlConnectionStringBuilder(connectionString);
        return $"{b.Server}:{b.Port}";
    }

    /// <summary>Records an open connection of the current run, if any. Never throws: this is bookkeeping for a crash.</summary>
    public static void Record(MySqlConnection connection) => Current.Value?.Add(connection.ConnectionString, connection.ServerThread);

    /// <summary>Records a connection opened by another driver (<see cref="Loading.BulkRead"/>): where it points, and its server thread.</summary>
    public static void Record(string connectionString, int serverThread) => Current.Value?.Add(connectionString, serverThread);

    void Add(string connectionString, int serverThread)
    {
        var key = (ServerOf(connectionString), serverThread);
        lock (recorded)
            if (!recorded.Add(key)) return;
        try
        {
            new RunStore(controlConnectionString).RecordConnection(runId, key.Item1, key.Item2);
        }
        catch (Exception e)
        {
            Log.Warn("run {run}: could not record connection {id}: {error}", runId, key.Item2, Secrets.MaskPasswords(e.Message));
        }
    }

    public void Dispose()
    {
        Current.Value = previous;
        try
        {
            new RunStore(controlConnectionString).ForgetConnections([runId]);
        }
        catch (Exception e)
        {
            Log.Warn("run {run}: could not forget its connections (the next cleanup does): {error}", runId, Secrets.MaskPasswords(e.Message));
        }
    }
}
