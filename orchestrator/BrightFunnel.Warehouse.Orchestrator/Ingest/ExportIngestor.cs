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

    public IReadOnlyList<IngestFileResult> IngestFolder(string folder, CancellationToken cancel = default)
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
            IngestFileResult result;
            try
            {
                result = loader.Load(path);
            }
            catch (Exception e) when (Cycle.TransientFailure.IsLostConnection(e))
            {
                throw new ConnectionLostException(LostMessage(folder, path, results, e), e);
            }
            Log.Info("ingested {file}: read {read}, loaded {loaded}, rejected {rejected}, deleted {deleted} in {ms} ms",
                result.File, result.Read, result.Loaded, result.Rejected, result.Deleted, clock.ElapsedMilliseconds);
            results.Add(result);
        }
        return results;
    }

    /// <summary>Which server, during which file, and what the loss changed: files load whole or not at all.</summary>
    string LostMessage(string folder, string path, IReadOnlyList<IngestFileResult> loaded, Exception e) =>
        $"ingest of {folder}: lost the connection to the tenant's server {Cycle.TransientFailure.ServerOf(tenantConnectionString)} " +
        $"while loading {Path.GetFileName(path)} ({Secrets.MaskPasswords(e.GetBaseException().Message)}); " +
        $"{Path.GetFileName(path)} and the files after it changed nothing" +
        (loaded.Count == 0 ? ", nor did any before it: nothing was changed" : $"; loaded before the loss: {string.Join(", ", loaded.Select(r => r.File))}");

    static int SalesforceObjectOrder(SalesforceObject o) => SalesforceObject.All.ToList().IndexOf(o);
}
