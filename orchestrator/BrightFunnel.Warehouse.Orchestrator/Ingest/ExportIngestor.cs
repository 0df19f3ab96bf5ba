using System.Diagnostics;
using MySql.Data.MySqlClient;
using NLog;

namespace BrightFunnel.Warehouse.Orchestrator.Ingest;

/// <summary>
/// The ingest step: every <c>*.csv</c> export in a folder into the tenant's raw tables. All file
/// names are checked before anything loads, so an unknown object fails the step with nothing changed.
/// </summary>
public sealed class ExportIngestor(string tenantConnectionString)
{
    static readonly Logger Log = LogManager.GetCurrentClassLogger();

    /// <param name="fileLoaded">Called after each file, e.g. to draw progress; the ingest does not depend on it.</param>
    public IReadOnlyList<IngestFileResult> IngestFolder(string folder, CancellationToken cancel = default, Action<IngestFileResult>? fileLoaded = null)
    {
        if (!Directory.Exists(folder)) throw new BadInputException($"export folder not found: {folder}");
        var files = Directory.GetFiles(folder, "*.csv")
            .Select(path => (path, target: SalesforceObject.ForFile(path)))
            .OrderBy(f => SalesforceObjectOrder(f.target))
            .ThenBy(f => f.path, StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0) throw new BadInputException($"no .csv export files in {folder}");

        using var connection = new MySqlConnection(tenantConnectionString);
        connection.Open();
        var loader = new ExportFileLoader(connection);
        var results = new List<IngestFileResult>();
        foreach (var (path, _) in files)
        {
            cancel.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            var result = loader.Load(path);
            Log.Info("ingested {file}: read {read}, loaded {loaded}, rejected {rejected}, deleted {deleted} in {ms} ms",
                result.File, result.Read, result.Loaded, result.Rejected, result.Deleted, clock.ElapsedMilliseconds);
            results.Add(result);
            fileLoaded?.Invoke(result);
        }
        return results;
    }

    static int SalesforceObjectOrder(SalesforceObject o) => SalesforceObject.All.ToList().IndexOf(o);
}
