using BrightFunnel.Warehouse.Orchestrator.Ingest;
using NLog;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Cycle;

/// <summary>
/// exports → raw_*: loads every export file of the tenant's folder (<see cref="ExportIngestor"/>).
/// No export file is a skip, and the run ends <see cref="RunStatus.NoExports"/>: the rest of the
/// cycle runs on the data already loaded. Unless files were loaded by <c>bfw ingest</c> after the
/// tenant's last completed run began to canonicalize (<c>ingest_log</c>): then the run is fed and succeeds.
/// </summary>
public sealed class IngestStep : ICycleStep
{
    static readonly Logger Log = LogManager.GetCurrentClassLogger();

    public string Name => CycleSteps.Ingest;

    public RunStatus? RunStatusWhenSkipped => RunStatus.NoExports;

    public StepResult Run(StepContext run, CancellationToken cancel)
    {
        var folder = Path.Combine(run.Settings.ExportsRoot, run.Tenant.Value);
        if (!Directory.Exists(folder) || Directory.GetFiles(folder, "*.csv").Length == 0)
        {
            // Loaded by `bfw ingest` after the last completed run began building: this run builds new data, so it is fed.
            var since = new RunStore(run.Settings.Control.ConnectionString).LastCanonicalizeStart(run.Tenant, run.RunId);
            using var c = DbConnections.Tenant(run.TenantConnectionString);
            var loaded = IngestLog.Since(c, since);
            return loaded.Loads == 0
                ? StepResult.Skip($"skipped: no exports in {folder}")
                : StepResult.Done(0, $"no exports in {folder}; {loaded.Files} files ({loaded.Rows} rows) were loaded by bfw ingest since the last " +
                                     $"completed run built, the latest at {loaded.Latest:yyyy-MM-dd HH:mm:ss} UTC");
        }
        var (files, absent) = new ExportIngestor(run.TenantConnectionString, run.Config.Config).IngestFolder(folder, cancel);
        // Loud in the run log and in the step's detail: an absent export is often a broken export job.
        foreach (var a in absent) Log.Warn("{absent:l}", a.ToString());
        var detail = $"{files.Count} files, {files.Sum(f => f.Read)} read, {files.Sum(f => f.Rejected)} rejected";
        return StepResult.Done(files.Sum(f => f.Loaded), string.Join("; ", [detail, .. absent.Select(a => a.ToString())]));
    }
}
