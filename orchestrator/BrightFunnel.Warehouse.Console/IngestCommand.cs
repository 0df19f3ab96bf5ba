using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Ingest;

namespace BrightFunnel.Warehouse.Console;

/// <summary><c>bfw ingest &lt;tenant&gt; &lt;dir&gt;</c>: loads a folder of exports and prints rows per file.</summary>
sealed class IngestCommand(TenantDirectory directory, BfwConsole console)
{
    public int Run(CommandArgs args)
    {
        var tenant = TenantId.Parse(args.Positional(0, "tenant id"));
        var folder = args.Positional(1, "export folder");
        var json = args.Switch("json");
        args.RejectUnused();
        var results = new ExportIngestor(directory.TenantConnectionString(tenant)).IngestFolder(folder);
        if (json) { console.PrintJson(results); return BfwConsole.Ok; }
        var table = new TextTable("file", "object", "read", "loaded", "rejected", "deleted");
        foreach (var r in results) table.Add(r.File, r.Object, r.Read, r.Loaded, r.Rejected, r.Deleted);
        console.Print(table.ToString());
        var rejected = results.Sum(r => r.Rejected);
        if (rejected > 0) console.Print($"{rejected} row(s) rejected: see raw_rejects in {tenant.DatabaseName}");
        return BfwConsole.Ok;
    }
}
