using System.Diagnostics;
using BrightFunnel.Warehouse.Impala;
using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Impala.Staging;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator.Offload;

/// <summary>How long each phase of one offload took, and what it moved.</summary>
/// <remarks>Credit rows are what the at_credits view shows once swapped in; what travels is one row per pair.</remarks>
public sealed record OffloadReport(long StagedRows, long PathRows, long CreditRows, long UnattributedRows,
    TimeSpan Stage, TimeSpan Run, TimeSpan FetchLoad, TimeSpan Swap)
{
    public long FetchedRows => PathRows + UnattributedRows;

    public TimeSpan Total => Stage + Run + FetchLoad + Swap;

    public override string ToString() =>
        $"engine impala: staged {StagedRows} rows in {Stage.TotalSeconds:0.0} s, ran in {Run.TotalSeconds:0.0} s, " +
        $"fetched and loaded {FetchedRows} rows in {FetchLoad.TotalSeconds:0.0} s, swapped in {Swap.TotalSeconds:0.0} s ({CreditRows} credits)";
}

/// <summary>
/// The attribute step on Impala. Stage: the canonical inputs (<c>sql/impala/inputs</c>) as Parquet
/// under the tenant's run folder, registered as external tables of a database of the run's own.
/// Run: the attribution SQL of <c>sql/impala</c>, then the shares invariant. Copy back: the pairs
/// with every model's share (at_paths; the at_credits view reads them) and the unattributed
/// opportunities into the MySQL shadow tables. Swap: the same
/// <c>at_swap_attribution</c> as the stored-procedure engine. The run's Impala database and files
/// are dropped whatever happens; until the swap nothing the readers see has changed, so a failure
/// anywhere leaves the previous attribution in place.
/// </summary>
public sealed class ImpalaAttributionOffload(string tenantConnectionString, ImpalaSettings impala, OffloadScripts scripts)
{
    static readonly NLog.Logger Log = NLog.LogManager.GetCurrentClassLogger();

    /// <summary>at_paths as Impala builds it and MySQL holds it (dates as day numbers on the way).</summary>
    static readonly string[] PathColumns =
    [
        "opportunity_id", "stage", "touch_id", "campaign_id", "person_id", "touch_day", "position", "touch_count", "amount",
        .. TenantConfig.AllModels.Select(m => "share_" + m),
    ];

    public async Task<OffloadReport> RunAsync(TenantId tenant, long runId, CancellationToken ct = default)
    {
        ThreadPools.EnsureMinimum();
        var database = $"bfw_{tenant.Value}_run{runId}";
        var area = new StagingArea(impala.StagingStore(), tenant.Value, $"run{runId}");
        await using var mysql = new MySqlConnection(tenantConnectionString);
        await mysql.OpenAsync(ct);
        Hs2Session? session = null;
        var swapped = false;
        try
        {
            var clock = Stopwatch.StartNew();
            // Connect first: an unreachable engine fails the step before anything is staged.
            session = await Hs2Session.OpenAsync(impala.ClientOptions(), ct);
            var staged = await StageAsync(mysql, area, ct);
            await area.RegisterAsync(session, database, ct);
            var stage = clock.Elapsed;
            Log.Info("offload: staged {rows} rows in {tables} tables for {database} in {ms} ms", staged, area.Tables.Count, database, stage.TotalMilliseconds);

            clock.Restart();
            await session.ExecuteNonQueryAsync($"USE {ImpalaDdl.Quote(database)}", null, ct);
            foreach (var name in OffloadScripts.BuildOrder) await RunScriptAsync(session, name, ct);
            await CheckInvariantAsync(session, ct);
            var run = clock.Elapsed;

            clock.Restart();
            var copy = new ShadowTableCopy(session, mysql, impala.FetchSize);
            var paths = await copy.CopyAsync($"SELECT {string.Join(", ", PathColumns)} FROM at_paths", "at_paths",
                PathColumns.Select(c => c == "touch_day" ? "@touch_day" : c).ToList(), ["`touch_date` = FROM_DAYS(@touch_day)"], ct);
            var unattributed = await copy.CopyAsync(
                "SELECT opportunity_id, stage, amount FROM at_unattributed",
                "at_unattributed", ["opportunity_id", "stage", "amount"], [], ct);
            var fetchLoad = clock.Elapsed;

            clock.Restart();
            CancellableSql.Execute(mysql, "CALL at_swap_attribution('impala')", null, ct);
            swapped = true;
            var credits = await mysql.ExecuteScalarAsync<long>("SELECT credit_rows FROM at_build_info WHERE id = 1");
            var report = new OffloadReport(staged, paths, credits, unattributed, stage, run, fetchLoad, clock.Elapsed);
            Log.Info("offload: {report}", report);
            return report;
        }
        finally
        {
            await CleanUpAsync(session, database, area, swapped);
        }
    }

    async Task<long> StageAsync(MySqlConnection mysql, StagingArea area, CancellationToken ct)
    {
        // The person → account map is the MySQL engine's own procedure: one definition for both engines.
        CancellableSql.Execute(mysql, "CALL at_build_person_accounts()", null, ct);
        long rows = 0;
        foreach (var (table, select) in scripts.Inputs())
        {
            await using var command = new MySqlCommand(select, mysql) { CommandTimeout = 0 };
            await using var reader = await command.ExecuteReaderAsync(ct);
            rows += (await area.StageAsync(table, reader, null, ct)).Rows;
        }
        return rows;
    }

    async Task RunScriptAsync(Hs2Session session, string name, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await session.ExecuteNonQueryAsync(scripts.Statement(name), null, ct);
        }
        catch (Hs2QueryException e)
        {
            throw new Hs2QueryException(e.SqlState, e.ServerMessage, e.StatementFirstLine, e.ErrorCode, $"Impala query failed in {scripts.Describe(name)}");
        }
        Log.Info("offload: {script} in {ms} ms", scripts.Describe(name), clock.ElapsedMilliseconds);
    }

    async Task CheckInvariantAsync(Hs2Session session, CancellationToken ct)
    {
        var result = await session.QueryAsync(scripts.Statement(OffloadScripts.InvariantCheck), null, ct);
        if (result.Rows.Count == 0) return;
        var bad = result.Rows[0];
        throw new AttributionInvariantException(
            $"attribution invariant broken: shares of opportunity {bad[0]} ({bad[1]}, {bad[2]}) sum to {bad[3]}, not 1 ({scripts.Describe(OffloadScripts.InvariantCheck)})");
    }

    async Task CleanUpAsync(Hs2Session? session, string database, StagingArea area, bool swapped)
    {
        // Clean-up never hides the step's own outcome: a failure here is logged, and the next
        // run of the tenant uses a database and folder of its own anyway.
        if (session is not null)
        {
            try { await session.ExecuteNonQueryAsync($"DROP DATABASE IF EXISTS {ImpalaDdl.Quote(database)} CASCADE"); }
            catch (Exception e) { Log.Warn("offload: could not drop Impala database {database}: {error}", database, e.Message); }
            try { await session.DisposeAsync(); }
            catch (Exception e) { Log.Warn("offload: could not close the Impala session: {error}", e.Message); }
        }
        try { await area.DropAsync(null, database); }
        catch (Exception e) { Log.Warn("offload: could not delete staged files of {database}: {error}", database, e.Message); }
        if (swapped) return;
        try
        {
            // A connection of its own: the step's connection may be the very thing that failed.
            await using var fresh = new MySqlConnection(tenantConnectionString);
            await fresh.OpenAsync();
            await fresh.ExecuteAsync("DROP TABLE IF EXISTS at_person_accounts_next, at_paths_next, at_unattributed_next");
        }
        catch (Exception e) { Log.Warn("offload: could not drop the shadow tables: {error}", Secrets.MaskPasswords(e.Message)); }
    }
}

/// <summary>Shares of an (opportunity, stage, model) do not sum to 1: a permanent failure, nothing is swapped in.</summary>
public sealed class AttributionInvariantException(string message) : Exception(message);
