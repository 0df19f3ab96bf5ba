using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator.Engines;

/// <summary>Where the web step last published (the tenant's <c>web_build_info</c> row): the cluster database and run whose web_sessions and web_touches are in force.</summary>
public sealed record WebBuildInfo(long RunId, string ClusterDatabase, long Sessions, long Identified, long Touches, DateTime BuiltAt)
{
    /// <summary>The row, or null when the web step never published for the tenant.</summary>
    public static WebBuildInfo? Read(MySqlConnection tenant) =>
        tenant.QuerySingleOrDefault<WebBuildInfo>(
            """
            SELECT run_id AS RunId, cluster_database AS ClusterDatabase, sessions AS Sessions, identified AS Identified,
                   touches AS Touches, built_at AS BuiltAt
            FROM web_build_info WHERE id = 1
            """);
}
