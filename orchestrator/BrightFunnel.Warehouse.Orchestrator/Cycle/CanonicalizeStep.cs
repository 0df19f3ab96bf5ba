using Dapper;
using MySql.Data.MySqlClient;
using NLog;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Cycle;

/// <summary>
/// raw → canonical: runs the <c>cn_build_*</c> procedures in dependency order, with the
/// settings the cycle copied into the tenant database (<see cref="TenantSettingsWriter"/>). Each procedure swaps in a complete table, so
/// a failure leaves the previous canonical tables in place. A table that would come out empty where it
/// had rows fails the step before its swap (<c>cn_check_not_emptied</c>) unless the run allows it (<c>--allow-empty</c>).
/// </summary>
public sealed class CanonicalizeStep : ICycleStep
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

    public string Name => CycleSteps.Canonicalize;

    public StepResult Run(StepContext run, CancellationToken cancel)
    {
        var rows = Build(run.TenantConnectionString, run.AllowEmpty, cancel);
        return StepResult.Done(rows.Values.Sum(), string.Join(", ", rows.Select(r => $"{r.Key} {r.Value}")));
    }

    /// <summary>Runs every build; returns rows per canonical table.</summary>
    public static IReadOnlyDictionary<string, long> Build(string tenantConnectionString, bool allowEmpty = false, CancellationToken cancel = default)
    {
        using var connection = DbConnections.Tenant(tenantConnectionString);
        var rows = new Dictionary<string, long>();
        try
        {
            foreach (var (procedure, table) in Builds)
            {
                CancellableSql.Execute(connection, $"{CancellableSql.InMemory}CALL {procedure}(@allowEmpty)", new { allowEmpty }, cancel);
                rows[table] = connection.ExecuteScalar<long>($"SELECT COUNT(*) FROM {table}");
                Log.Info("{procedure}: {rows} rows in {table}", procedure, rows[table], table);
            }
        }
        catch (MySqlException e) when (e.Message.Contains(" came out empty where it had rows", StringComparison.Ordinal))
        {
            throw new CanonicalEmptiedException(e.Message.Split(' ')[0], rows.Keys.ToList());
        }
        return rows;
    }
}

/// <summary>A canonical table would have come out empty where it had rows: the step fails and the previous results stay.</summary>
public sealed class CanonicalEmptiedException(string table, IReadOnlyList<string> rebuilt)
    : Exception($"{table} came out empty where it had rows, so canonicalize stopped before swapping it in: it and everything after it " +
                $"(attribution, analytics, published results) are the previous run's{(rebuilt.Count > 0 ? $"; rebuilt before it: {string.Join(", ", rebuilt)}" : "")}. " +
                "If the tenant really was emptied, run again with `bfw run <tenant> --allow-empty`.")
{
    public string Table { get; } = table;
}
