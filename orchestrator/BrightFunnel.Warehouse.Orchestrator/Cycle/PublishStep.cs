using BrightFunnel.Warehouse.Migrations;
using BrightFunnel.Warehouse.Orchestrator.Loading;
using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator.Cycle;

/// <summary>
/// an_* (tenant's pod) → bf_web (web tier, its own connection): loads the analytics as a new
/// version with LOAD DATA LOCAL, then switches the tenant's pointer in <c>web_publications</c> in
/// one committed update and drops older versions. A failure before the switch leaves the
/// published analytics as they were; other tenants' rows are never touched.
/// </summary>
public sealed class PublishStep : ICycleStep
{
    /// <summary>Tenant table and the web table it is published to.</summary>
    public static readonly IReadOnlyList<(string Source, string Target)> Tables =
    [
        ("an_campaign", "web_campaign"), ("an_channel", "web_channel"), ("an_quarter", "web_quarter"), ("an_account", "web_account"),
        ("an_account_attribution", "web_account_attribution"),
    ];

    public string Name => CycleStep.Publish;

    public StepResult Run(StepContext x, CancellationToken cancel) =>
        StepResult.Done(Publish(x.TenantConnectionString, x.Settings.Web.ConnectionString, x.Tenant, x.RunId), "published to bf_web");

    /// <summary>Publishes the tenant's analytics as a new version; returns the rows published.</summary>
    public static long Publish(string tenantConnectionString, string webConnectionString, TenantId tenant, long? runId = null)
    {
        using var source = new MySqlConnection(tenantConnectionString);
        source.Open();
        using var web = new MySqlConnection(ConnectionStrings.ForBulkLoad(webConnectionString));
        web.Open();
        var version = web.ExecuteScalar<long?>("SELECT version FROM web_publications WHERE tenant_id = @t", new { t = tenant.Value }) + 1 ?? 1;
        long rows = 0;
        foreach (var (sourceTable, targetTable) in Tables)
        {
            web.Execute($"DELETE FROM {MySqlIdentifier.Quote(targetTable)} WHERE tenant_id = @t AND version = @version",
                new { t = tenant.Value, version }); // leftovers of a publish that failed half-way
            rows += Copy(source, sourceTable, web, targetTable, tenant, version);
        }

        using (var tx = web.BeginTransaction())
        {
            web.Execute("""
                INSERT INTO web_publications (tenant_id, version, run_id, published_at) VALUES (@t, @version, @runId, UTC_TIMESTAMP(6))
                ON DUPLICATE KEY UPDATE version = VALUES(version), run_id = VALUES(run_id), published_at = VALUES(published_at)
                """, new { t = tenant.Value, version, runId }, tx);
            tx.Commit();
        }
        foreach (var (_, targetTable) in Tables)
            web.Execute($"DELETE FROM {MySqlIdentifier.Quote(targetTable)} WHERE tenant_id = @t AND version < @version",
                new { t = tenant.Value, version }, commandTimeout: 0);
        return rows;
    }

    /// <summary>Streams one table through a load file: column names come from the source table itself.</summary>
    static long Copy(MySqlConnection source, string sourceTable, MySqlConnection web, string targetTable, TenantId tenant, long version)
    {
        var work = Directory.CreateTempSubdirectory("bfw-publish-").FullName;
        try
        {
            var file = Path.Combine(work, sourceTable + ".tsv");
            List<string> columns;
            using (var writer = new TsvFileWriter(file))
            using (var reader = source.ExecuteReader($"SELECT * FROM {MySqlIdentifier.Quote(sourceTable)}", commandTimeout: 0))
            {
                columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
                while (reader.Read())
                {
                    writer.Value(tenant.Value);
                    writer.Value(version);
                    for (var i = 0; i < reader.FieldCount; i++)
                        writer.Value(reader.GetValue(i));
                    writer.EndRow();
                }
            }
            return BulkLoad.FromTsv(web, MySqlIdentifier.Quote(targetTable), ["tenant_id", "version", .. columns.Select(MySqlIdentifier.Quote)], file);
        }
        finally
        {
            Directory.Delete(work, true);
        }
    }
}
