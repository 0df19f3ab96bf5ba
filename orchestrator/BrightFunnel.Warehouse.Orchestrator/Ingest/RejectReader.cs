using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Ingest;

/// <summary>One reason rows were rejected for, with how many (the detail in parentheses, such as a line number, left out).</summary>
public sealed record RejectReason(string Object, string? Column, string Reason, long Rows);

public sealed record RejectedRow(string Object, string File, long Line, string? Column, string? Value, string Reason, DateTime RejectedAt);

public sealed record RejectSummary(long Total, IReadOnlyList<RejectReason> Reasons, IReadOnlyList<RejectedRow> Rows);

/// <summary>
/// Reads <c>raw_rejects</c> for people: counts per reason, then the rows themselves, newest file
/// first and in line order within a file.
/// </summary>
public sealed class RejectReader(string tenantConnectionString)
{
    public const int MaxLimit = 100_000;

    /// <param name="limit">rows listed at most (1 to <see cref="MaxLimit"/>); the counts cover every reject.</param>
    public RejectSummary Read(string? salesforceObject, int limit)
    {
        var target = salesforceObject is null ? null
            : SalesforceObject.All.FirstOrDefault(o => o.ApiName.Equals(salesforceObject, StringComparison.OrdinalIgnoreCase))
              ?? throw new BadInputException($"--object '{salesforceObject}' is not one of {string.Join(", ", SalesforceObject.All.Select(o => o.ApiName))}");
        using var c = DbConnections.Tenant(tenantConnectionString);
        var args = new { o = target?.ApiName, limit };
        const string where = "WHERE (@o IS NULL OR source_object = @o)";
        var reasons = c.Query<RejectReason>($"""
            SELECT source_object AS Object, column_name AS `Column`, TRIM(SUBSTRING_INDEX(reason, ' (', 1)) AS Reason, COUNT(*) AS `Rows`
            FROM raw_rejects {where}
            GROUP BY source_object, column_name, TRIM(SUBSTRING_INDEX(reason, ' (', 1))
            ORDER BY `Rows` DESC, Object, `Column`, Reason
            """, args).ToList();
        var rows = c.Query<RejectedRow>($"""
            SELECT r.source_object AS Object, r.source_file AS File, r.line_number AS Line, r.column_name AS `Column`, r.value AS Value,
                   r.reason AS Reason, r.rejected_at AS RejectedAt
            FROM raw_rejects r
            JOIN (SELECT source_file, MAX(rejected_at) AS newest FROM raw_rejects {where} GROUP BY source_file) f ON f.source_file = r.source_file
            WHERE (@o IS NULL OR r.source_object = @o)
            ORDER BY f.newest DESC, r.source_file, r.line_number
            LIMIT @limit
            """, args).ToList();
        return new RejectSummary(reasons.Sum(r => r.Rows), reasons, rows);
    }
}
