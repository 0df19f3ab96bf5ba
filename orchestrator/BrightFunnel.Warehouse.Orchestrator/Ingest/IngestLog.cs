using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator.Ingest;

/// <summary>What was loaded since a moment: the loads, their files and rows, and the latest (UTC).</summary>
public sealed record IngestLoads(long Loads, long Files, long Rows, DateTime? Latest);

/// <summary>
/// The tenant's <c>ingest_log</c>: one row per ingest that loaded files, whoever ran it (the cycle's
/// ingest step or <c>bfw ingest</c>), so a run can tell new data from none (docs/decisions/no-exports-status.md).
/// </summary>
public static class IngestLog
{
    public static void Record(MySqlConnection tenant, IReadOnlyList<IngestFileResult> files) =>
        tenant.Execute("INSERT INTO ingest_log (loaded_at, files, loaded_rows) VALUES (UTC_TIMESTAMP(6), @files, @rows)",
            new { files = files.Count, rows = files.Sum(f => f.Loaded) });

    /// <summary>The loads after <paramref name="since"/>, or every load when it is null.</summary>
    public static IngestLoads Since(MySqlConnection tenant, DateTime? since) =>
        tenant.QuerySingle<IngestLoads>(
            "SELECT COUNT(*) AS Loads, CAST(COALESCE(SUM(files), 0) AS SIGNED) AS Files, CAST(COALESCE(SUM(loaded_rows), 0) AS SIGNED) AS `Rows`, MAX(loaded_at) AS Latest FROM ingest_log WHERE loaded_at > @since",
            new { since = since ?? DateTime.MinValue });
}
