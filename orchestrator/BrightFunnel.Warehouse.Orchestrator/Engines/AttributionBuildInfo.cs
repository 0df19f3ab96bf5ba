using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Engines;

/// <summary>
/// Where the attribution in force lives and what built it (the tenant's <c>at_build_info</c> row):
/// engine <c>mysql</c> = the tenant database's at_paths; engine <c>impala</c> = the views of
/// <see cref="ClusterDatabase"/> on the cluster, pointing at run <see cref="RunId"/>'s tables.
/// </summary>
public sealed record AttributionBuildInfo(string Engine, int ConfigVersion, DateTime BuiltAt, long CreditRows,
    string? ClusterDatabase, long? RunId, long? PathRows, long? UnattributedRows)
{
    /// <summary>Where the pairs are, for a step's detail: <c>mysql</c>, or <c>impala (bfw_acme, run 12)</c>.</summary>
    public string Where => ClusterDatabase is null ? Engine : $"{Engine} ({ClusterDatabase}, run {RunId})";

    /// <summary>The row, or null when the tenant has no attribution yet.</summary>
    public static AttributionBuildInfo? Read(MySqlConnection tenant) =>
        tenant.QuerySingleOrDefault<AttributionBuildInfo>(
            """
            SELECT engine AS Engine, config_version AS ConfigVersion, built_at AS BuiltAt, credit_rows AS CreditRows,
                   cluster_database AS ClusterDatabase, run_id AS RunId, path_rows AS PathRows, unattributed_rows AS UnattributedRows
            FROM at_build_info WHERE id = 1
            """);
}
