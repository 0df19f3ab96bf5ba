using Dapper;
using MySql.Data.MySqlClient;
using NLog;

namespace BrightFunnel.Warehouse.Orchestrator.Cycle;

/// <summary>
/// raw → canonical: runs the <c>cn_build_*</c> procedures in dependency order, with the
/// settings the cycle copied into the tenant database (<see cref="TenantSettingsWriter"/>). Each procedure swaps in a complete table, so
/// a failure leaves the previous canonical tables in place.
/// </summary>
public sealed class CanonicalizeStep(string tenantConnectionString)
{
    static readonly Logger Log = LogManager.GetCurrentClassLogger();

    /// <summary>Procedure and the table it builds, in the order they must run.</summary>
    public static readonly IReadOnlyList<(string Procedure, string Table)> Builds =
    [
        ("cn_build_accounts", "cn_accounts"),
        ("cn_build_campaigns", "cn_campaigns"),
        ("cn_build_people", "cn_people"),
        ("cn_build_touches", "cn_touches"),
        ("cn_build_opportunities", "cn_opportunities"),
        ("cn_build_opportunity_people", "cn_opportunity_people"),
    ];

    /// <summary>Runs every build; returns rows per canonical table.</summary>
    public IReadOnlyDictionary<string, long> Run(CancellationToken cancel = default)
    {
        using var connection = new MySqlConnection(tenantConnectionString);
        connection.Open();
        var rows = new Dictionary<string, long>();
        foreach (var (procedure, table) in Builds)
        {
            CancellableSql.Execute(connection, $"CALL {procedure}()", null, cancel);
            rows[table] = connection.ExecuteScalar<long>($"SELECT COUNT(*) FROM {table}");
            Log.Info("{procedure}: {rows} rows in {table}", procedure, rows[table], table);
        }
        return rows;
    }
}
