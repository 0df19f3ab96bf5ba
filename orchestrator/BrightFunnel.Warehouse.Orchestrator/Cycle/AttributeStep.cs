using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator.Cycle;

/// <summary>
/// The attribute step on the MySQL engine: <c>at_build_attribution()</c> builds paths, credits
/// and unattributed opportunities into shadow tables, checks the invariant and swaps them in.
/// </summary>
public sealed class AttributeStep(string tenantConnectionString)
{
    /// <summary>Runs the stored procedures; returns the number of credit rows now in place.</summary>
    public long RunOnMySql(CancellationToken cancel = default)
    {
        using var connection = new MySqlConnection(tenantConnectionString);
        connection.Open();
        CancellableSql.Execute(connection, "CALL at_build_attribution()", null, cancel);
        return connection.ExecuteScalar<long>("SELECT credit_rows FROM at_build_info WHERE id = 1");
    }
}
