using BrightFunnel.Warehouse.Orchestrator.Offload;
using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator.Cycle;

/// <summary>
/// The attribute step, on the tenant's engine. mysql: <c>at_build_attribution()</c> builds paths,
/// credits and unattributed opportunities into shadow tables, checks the invariant and swaps them
/// in. impala: <see cref="ImpalaAttributionOffload"/> does the same on the cluster, where the
/// pairs stay, and records in <c>at_build_info</c> where they are.
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

    /// <summary>Runs the offload; the report says what each phase took.</summary>
    public OffloadReport RunOnImpala(TenantId tenant, long runId, ImpalaSettings impala, string sqlRoot, CancellationToken cancel = default) =>
        new ImpalaAttributionOffload(tenantConnectionString, impala, OffloadScripts.Attribute(sqlRoot))
            .RunAsync(tenant, runId, cancel).GetAwaiter().GetResult();
}
