using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Ingest;

namespace BrightFunnel.Warehouse.Console;

/// <summary>
/// <c>bfw ingest &lt;tenant&gt; &lt;dir&gt;</c>: loads a folder of exports under the tenant's current
/// configuration (which columns it needs) and prints rows per file and every absent object.
/// </summary>
sealed class IngestCommand(WarehouseSettings settings, BfwConsole console)
{
    public int Run(CommandArgs args)
    {
        var tenant = TenantId.Parse(args.Positional(0, "tenant id"));
        var folder = args.Positional(1, "export folder");
        var json = args.Switch("json");
        args.RejectUnused();
        var connectionString = new TenantDirectory(settings).TenantConnectionString(tenant);
        var config = new TenantConfigStore(settings.Control.ConnectionString).Current(tenant).Config;
        var ingestor = new ExportIngestor(connectionString, config);
        var progress = new TerminalProgress(console, json);
        // Ctrl+C stops the file being loaded (its statement is killed on the server) and leaves its raw table as it was.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(console.Stop);
        using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, c =>
        {
            c.Cancel = true;
            stop.Cancel();
        });
        IngestOutcome outcome;
        try
        {
            outcome = progress.Enabled ? WithProgress(ingestor, folder, progress, stop.Token) : ingestor.IngestFolder(folder, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            console.PrintError("bfw: ingest cancelled: the files being loaded changed nothing (their raw tables are as they were); the files the log shows as ingested were loaded");
            return BfwConsole.Failed;
        }
        if (json) { console.PrintJson(new { files = outcome.Files, absent = outcome.Absent.Select(a => a.ToString()) }); return BfwConsole.Ok; }
        var table = new TextTable("file", "object", "read", "loaded", "rejected", "deleted");
        foreach (var r in outcome.Files) table.Add(r.File, r.Object, r.Read, r.Loaded, r.Rejected, r.Deleted);
        console.Print(table.ToString());
        foreach (var empty in outcome.Files.Where(f => f.Read == 0)) console.Print($"{empty.File}: header only, no rows; nothing changed");
        foreach (var absent in outcome.Absent) console.Print(absent.ToString());
        var rejected = outcome.Files.Sum(r => r.Rejected);
        if (rejected > 0) console.Print($"{rejected} row(s) rejected: see `bfw rejects {tenant}`");
        return BfwConsole.Ok;
    }

    // Files load two at a time, the largest first: the bar advances by each loaded file's bytes, so time left follows the data, not the file count.
    static IngestOutcome WithProgress(ExportIngestor ingestor, string folder, TerminalProgress progress, CancellationToken cancel)
    {
        var sizes = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.csv").ToDictionary(f => Path.GetFileName(f), f => new FileInfo(f).Length) : [];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        return progress.Run($"ingesting {sizes.Count} file(s) from {folder}", Math.Max(1, sizes.Values.Sum()), line =>
        {
            long bytes = 0, rows = 0;
            var files = 0;
            return ingestor.IngestFolder(folder, cancel, fileLoaded: r =>
            {
                bytes += sizes.GetValueOrDefault(Path.GetFileName(r.File));
                rows += r.Read;
                line.Update(bytes, $"ingested {++files} of {sizes.Count} file(s), {TerminalProgress.Rate(rows, "rows", clock)}; last {Path.GetFileName(r.File)}");
            });
        });
    }
}
