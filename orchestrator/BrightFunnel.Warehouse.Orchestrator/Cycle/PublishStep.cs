using BrightFunnel.Warehouse.Migrations;
using BrightFunnel.Warehouse.Orchestrator.Loading;
using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Cycle;

/// <summary>
/// an_* (tenant's pod) → bf_web (web tier, its own connection): loads the analytics as a new
/// version with LOAD DATA LOCAL, then switches the tenant's pointer in <c>web_publications</c> in
/// one committed update and drops older versions. A failure before the switch leaves the
/// published analytics as they were; other tenants' rows are never touched.
/// </summary>
public sealed class PublishStep : ICycleStep
{
    /// <summary>Tenant table (or view: at_model_weights, the models with their parameters) and the web table it is published to.</summary>
    public static readonly IReadOnlyList<(string Source, string Target)> Tables =
    [
        ("an_campaign", "web_campaign"), ("an_channel", "web_channel"), ("an_quarter", "web_quarter"), ("an_account", "web_account"),
        ("an_account_attribution", "web_account_attribution"),
        ("an_campaign_quarter", "web_campaign_quarter"), ("an_channel_quarter", "web_channel_quarter"),
        ("an_deals", "web_deals"), ("an_deal_paths", "web_deal_paths"), ("an_campaign_deals", "web_campaign_deals"),
        ("an_web_channel_weeks", "web_site_channel_weeks"), ("an_web_top_pages", "web_site_top_pages"),
        ("an_abm_lists", "web_abm_lists"), ("an_target_accounts", "web_target_accounts"),
        ("an_target_account_weeks_packed", "web_target_account_weeks_packed"), ("an_target_account_spikes", "web_account_spikes"),
        ("an_target_account_spike_causes", "web_account_spike_causes"), ("an_account_journey_packed", "web_account_journey_packed"),
        ("at_model_weights", "web_models"),
    ];

    static readonly NLog.Logger Log = NLog.LogManager.GetCurrentClassLogger();

    public string Name => CycleSteps.Publish;

    public StepResult Run(StepContext run, CancellationToken cancel) =>
        StepResult.Done(Publish(run.TenantConnectionString, run.Settings.Web.ConnectionString, run.Tenant, run.RunId), "published to bf_web");

    /// <summary>
    /// Publishes the tenant's analytics as a new version; returns the rows published. Within a run
    /// (<see cref="RunToken.Current"/>) every write that counts is fenced: the version number is
    /// taken from the run's web fence, and the pointer moves only in a statement that checks the
    /// fence still holds and only forward. Outside a run it publishes only while no run holds the tenant.
    /// </summary>
    public static long Publish(string tenantConnectionString, string webConnectionString, TenantId tenant, long? runId = null)
    {
        var token = RunToken.Current;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var web = new MySqlConnection(ConnectionStrings.ForBulkLoad(webConnectionString));
        web.Open();
        var version = TakeVersion(web, tenant, token);
        long rows = 0;
        // The tables are independent and no reader sees a version before the switch below, so they are
        // copied two at a time, largest first, each on connections of its own: one copy's SELECT and
        // file overlap the other's LOAD DATA (at M, 4.2 s one after the other).
        var order = LargestFirst(tenantConnectionString);
        TwoAtATime.Run(order, pair =>
        {
            using var source = BulkRead.Open(tenantConnectionString);
            using var target = new MySqlConnection(ConnectionStrings.ForBulkLoad(webConnectionString));
            target.Open();
            target.Execute($"DELETE FROM {MySqlIdentifier.Quote(pair.Target)} WHERE tenant_id = @t AND version = @version",
                new { t = tenant.Value, version }); // leftovers of a publish that failed half-way
            var started = clock.ElapsedMilliseconds;
            var copied = Copy(source, pair.Source, target, pair.Target, tenant, version);
            Interlocked.Add(ref rows, copied);
            Log.Info("publish: {table} {rows} rows from {start} ms to {end} ms", pair.Source, copied, started, clock.ElapsedMilliseconds);
        });

        var copied = clock.ElapsedMilliseconds;
        // What the version's amounts mean: the day its windows end, the currency they are in, and the
        // month the fiscal year starts (which fiscal quarter the as-of date is in: a page's "this quarter").
        (DateTime? AsOf, string? Currency, int? FiscalYearStartMonth) meaning;
        using (var source = DbConnections.Tenant(tenantConnectionString))
            meaning = source.QuerySingle<(DateTime?, string?, int?)>(
                """
                SELECT (SELECT as_of_date FROM an_build_info WHERE id = 1), (SELECT currency FROM cfg_tenant_settings WHERE id = 1),
                       (SELECT fiscal_year_start_month FROM cfg_tenant_settings WHERE id = 1)
                """);

        FaultPoints.Reach(FaultPoints.PublishSwitch);
        // One statement: the fence check, the forward-only rule and the switch cannot be told apart by any reader or writer.
        var switched = web.Execute($"""
            INSERT INTO web_publications (tenant_id, version, run_id, epoch, published_at, as_of_date, currency, fiscal_year_start_month)
            SELECT f.tenant_id, @version, @runId, @fenceEpoch, UTC_TIMESTAMP(6), @asOf, @currency, @fiscalStart FROM web_fences f
            WHERE f.tenant_id = @t AND {RunFences.WebFenceHolds("f", token)}
              AND NOT EXISTS (SELECT 1 FROM web_publications p WHERE p.tenant_id = @t AND p.version >= @version)
            ON DUPLICATE KEY UPDATE version = VALUES(version), run_id = VALUES(run_id), epoch = VALUES(epoch), published_at = VALUES(published_at),
                                    as_of_date = VALUES(as_of_date), currency = VALUES(currency), fiscal_year_start_month = VALUES(fiscal_year_start_month)
            """, new { t = tenant.Value, version, asOf = meaning.AsOf, currency = meaning.Currency, fiscalStart = meaning.FiscalYearStartMonth, runId = runId ?? token?.RunId, fenceRun = token?.RunId, fenceEpoch = token?.Epoch });
        if (switched == 0)
            throw new RunFencedException($"fenced: the publish of tenant {tenant} version {version} was refused: " +
                                         (token is null ? "a run holds the tenant" : $"{token} no longer holds it") + "; the version in force is unchanged");
        var switchedAt = clock.ElapsedMilliseconds;
        // The older versions, which no reader sees any more: two tables at a time as well, largest first
        // (at L their DELETEs took 6–11 s one after the other).
        TwoAtATime.Run(order, pair =>
        {
            using var target = new MySqlConnection(webConnectionString);
            target.Open();
            target.Execute($"DELETE FROM {MySqlIdentifier.Quote(pair.Target)} WHERE tenant_id = @t AND version < @version",
                new { t = tenant.Value, version }, commandTimeout: 0);
        });
        Log.Info("publish: version {version}, {rows} rows copied in {copied} ms, switched in {switched} ms, older versions deleted in {deleted} ms",
            version, rows, copied, switchedAt - copied, clock.ElapsedMilliseconds - switchedAt);
        return rows;
    }

    /// <summary>
    /// The tables in the order to copy them: by the bytes the server stores for them, largest first. A
    /// copy's time follows its bytes: by row estimate, the L deal paths (158k rows, 695 MB) started
    /// 6.2 s late, behind 666k rows of 55 MB, and ended the copy at 18.1 s.
    /// </summary>
    static List<(string Source, string Target)> LargestFirst(string tenantConnectionString)
    {
        using var source = DbConnections.Tenant(tenantConnectionString);
        var estimates = source.Query<(string Table, long Bytes)>(
            "SELECT TABLE_NAME, COALESCE(DATA_LENGTH, 0) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()")
            .ToDictionary(t => t.Table, t => t.Bytes, StringComparer.OrdinalIgnoreCase);
        return Tables.OrderByDescending(t => estimates.GetValueOrDefault(t.Source)).ToList();
    }

    /// <summary>
    /// The next version number of the tenant, from its web fence (fenced within a run): never one
    /// another run's rows already use, so a stalled run that wakes up cannot write into a version in force.
    /// </summary>
    static long TakeVersion(MySqlConnection web, TenantId tenant, RunToken? token)
    {
        if (token is null) web.Execute("INSERT IGNORE INTO web_fences (tenant_id) VALUES (@t)", new { t = tenant.Value });
        var param = new { t = tenant.Value, fenceRun = token?.RunId, fenceEpoch = token?.Epoch };
        var taken = web.Execute($"""
            UPDATE web_fences f
            SET f.last_version = GREATEST(f.last_version, COALESCE((SELECT MAX(p.version) FROM web_publications p WHERE p.tenant_id = @t), 0)) + 1
            WHERE f.tenant_id = @t AND {RunFences.WebFenceHolds("f", token)}
            """, param);
        if (taken == 0)
            throw new RunFencedException($"fenced: tenant {tenant} may not publish: " + (token is null ? "a run holds the tenant" : $"{token} no longer holds it"));
        return web.ExecuteScalar<long>("SELECT last_version FROM web_fences WHERE tenant_id = @t", param);
    }

    /// <summary>Rows per load chunk: a deal path is kilobytes, so at L a chunk of them is about 100 MB.</summary>
    const int RowsPerChunk = 20_000;

    /// <summary>
    /// Streams one table through load chunks (column names come from the source table itself): the web
    /// server loads each finished chunk while the next is read, so a large table costs about its read
    /// or its load, whichever is longer, rather than both (at L, the deal paths read in 7 s and load in 7 s).
    /// </summary>
    static long Copy(MySqlConnector.MySqlConnection source, string sourceTable, MySqlConnection web, string targetTable, TenantId tenant, long version)
    {
        using var reader = source.ExecuteReader($"SELECT * FROM {MySqlIdentifier.Quote(sourceTable)}", commandTimeout: 0);
        List<string> columns = ["tenant_id", "version", .. Enumerable.Range(0, reader.FieldCount).Select(i => MySqlIdentifier.Quote(reader.GetName(i)))];
        var target = MySqlIdentifier.Quote(targetTable);
        return ChunkedTsvLoad.Run(new BackgroundLoader<string>(File.Delete, chunk => BulkLoad.FromTsv(web, target, columns, chunk)), RowsPerChunk, writer =>
        {
            while (reader.Read())
            {
                writer.Value(tenant.Value);
                writer.Value(version);
                for (var i = 0; i < reader.FieldCount; i++)
                    writer.Value(reader.GetValue(i));
                writer.EndRow();
            }
            return writer.Rows;
        }).Loaded;
    }
}
