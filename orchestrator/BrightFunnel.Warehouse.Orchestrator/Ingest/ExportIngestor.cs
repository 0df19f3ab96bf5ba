using System.Diagnostics;
using BrightFunnel.Warehouse.Migrations;
using BrightFunnel.Warehouse.Orchestrator.Loading;
using Dapper;
using MySql.Data.MySqlClient;
using NLog;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Ingest;

/// <summary>An object with no export in the folder: its raw rows stay as they were.</summary>
public sealed record AbsentExport(string Object, bool HasStoredRows)
{
    public override string ToString() =>
        $"{Object}.csv: absent, {(HasStoredRows ? "previous rows kept" : "no rows stored yet")}";
}

/// <summary>What an ingest did: one result per file, and every object the folder had no file for.</summary>
public sealed record IngestOutcome(IReadOnlyList<IngestFileResult> Files, IReadOnlyList<AbsentExport> Absent);

/// <summary>
/// The ingest step: every <c>*.csv</c> export in a folder into the tenant's raw tables. Every file
/// name and header is checked before anything loads — an unknown object, a header that is not
/// comma-separated, a column the tenant's mapping needs (<see cref="RequiredColumns"/>) — so a
/// refused folder changes nothing.
/// </summary>
public sealed class ExportIngestor(string tenantConnectionString, TenantConfig config)
{
    static readonly Logger Log = LogManager.GetCurrentClassLogger();

    /// <param name="fileLoaded">Called after each file, e.g. to draw progress; the ingest does not depend on it.</param>
    public IngestOutcome IngestFolder(string folder, CancellationToken cancel = default, Action<IngestFileResult>? fileLoaded = null)
    {
        if (!Directory.Exists(folder)) throw new BadInputException($"export folder not found: {folder}");
        var files = Directory.GetFiles(folder, "*.csv")
            .Select(path => (path, target: SalesforceObject.ForFile(path)))
            .OrderBy(f => SalesforceObjectOrder(f.target))
            .ThenBy(f => f.path, StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0) throw new BadInputException($"no .csv export files in {folder}");

        using var connection = DbConnections.Tenant(tenantConnectionString);
        var required = new RequiredColumns(config);
        var schemas = SalesforceObject.All.ToDictionary(o => o, o => RawTableSchema.Read(connection, o.RawTable));
        foreach (var (path, target) in files)
        {
            var header = ExportHeader.Of(path, schemas[target]);
            required.Check(Path.GetFileName(path), target, header.Names, schemas[target]);
        }

        // Two files at a time, the largest first: at L the campaign members (10.7 s alone) load beside the
        // six other files (11.2 s one after the other); all seven took 22.3 s in a row and 18.8 s in two lanes.
        // Each file loads whole or not at all on a connection of its own.
        var results = new List<IngestFileResult>();
        string? lostWhile = null;
        try
        {
            TwoAtATime.Run(files.OrderByDescending(f => new FileInfo(f.path).Length), file =>
            {
                var (path, target) = file;
                cancel.ThrowIfCancellationRequested();
                var clock = Stopwatch.StartNew();
                IngestFileResult result;
                try
                {
                    using var lane = DbConnections.Tenant(tenantConnectionString);
                    result = new ExportFileLoader(lane).Load(path, required.CustomNumbers(target, schemas[target]), cancel);
                }
                catch (Exception e) when (Cycle.TransientFailure.IsLostConnection(e))
                {
                    lostWhile = path;
                    throw;
                }
                Log.Info("ingested {file}: read {read}, loaded {loaded}, rejected {rejected}, deleted {deleted} in {ms} ms",
                    result.File, result.Read, result.Loaded, result.Rejected, result.Deleted, clock.ElapsedMilliseconds);
                lock (results)
                {
                    results.Add(result);
                    fileLoaded?.Invoke(result);
                }
            });
        }
        catch (Exception e) when (lostWhile is { } path && Cycle.TransientFailure.IsLostConnection(e))
        {
            // Built once both lanes are done: a file the other lane was loading may have gone in meanwhile.
            throw new ConnectionLostException(LostMessage(folder, path, results, e), e);
        }
        results = results.OrderBy(r => files.FindIndex(f => Path.GetFileName(f.path) == r.File)).ToList(); // the objects' order, as the folder is read
        IngestLog.Record(connection, results);
        var absent = SalesforceObject.All.Where(o => files.All(f => f.target != o))
            .Select(o => new AbsentExport(o.ApiName, HasRows(connection, o.RawTable)))
            .ToList();
        // Info here: `bfw ingest` prints its own summary; the cycle logs these at WARN into the run log.
        foreach (var a in absent) Log.Info("{absent:l}", a.ToString());
        return new IngestOutcome(results, absent);
    }

    static bool HasRows(MySqlConnection connection, string rawTable) =>
        connection.ExecuteScalar<long?>($"SELECT 1 FROM {MySqlIdentifier.Quote(rawTable)} LIMIT 1") is not null;

    /// <summary>Which server, during which file, and what the loss changed: each file loads whole or not at all.</summary>
    string LostMessage(string folder, string path, IReadOnlyList<IngestFileResult> loaded, Exception e) =>
        $"ingest of {folder}: lost the connection to the tenant's server {Cycle.TransientFailure.ServerOf(tenantConnectionString)} " +
        $"while loading {Path.GetFileName(path)} ({Secrets.MaskPasswords(e.GetBaseException().Message)}); " +
        $"{Path.GetFileName(path)} changed nothing" +
        (loaded.Count == 0 ? ", nor did any other file: nothing was changed"
            : $"; loaded whole before the loss: {string.Join(", ", loaded.Select(r => r.File))}; no other file changed anything");

    static int SalesforceObjectOrder(SalesforceObject o) => SalesforceObject.All.ToList().IndexOf(o);
}
