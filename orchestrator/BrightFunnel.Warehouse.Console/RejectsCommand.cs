using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Ingest;

namespace BrightFunnel.Warehouse.Console;

/// <summary><c>bfw rejects &lt;tenant&gt;</c>: the rows ingest refused, counted by reason, then listed with file, line, column and value.</summary>
sealed class RejectsCommand(TenantDirectory directory, BfwConsole console)
{
    public int Run(CommandArgs args)
    {
        var tenant = TenantId.Parse(args.Positional(0, "tenant id"));
        var salesforceObject = args.Option("object");
        var limit = args.IntOption("limit", 50);
        if (limit is < 1 or > RejectReader.MaxLimit) throw new BadInputException($"--limit must be an integer between 1 and {RejectReader.MaxLimit}, got {limit}");
        var json = args.Switch("json");
        args.RejectUnused();
        if (args.Positionals.Count > 1) throw new BadInputException($"unexpected argument '{args.Positionals[1]}'");
        var summary = new RejectReader(directory.TenantConnectionString(tenant)).Read(salesforceObject, limit);
        if (json) { console.PrintJson(summary); return BfwConsole.Ok; }
        if (summary.Total == 0)
        {
            console.Print($"{tenant}: no rejected rows{(salesforceObject is null ? "" : $" for {salesforceObject}")}");
            return BfwConsole.Ok;
        }
        var reasons = new TextTable("object", "column", "reason", "rows");
        foreach (var r in summary.Reasons) reasons.Add(r.Object, r.Column, r.Reason, r.Rows);
        console.Print(reasons.ToString());
        console.Print("");
        var rows = new TextTable("file", "line", "column", "value", "reason");
        foreach (var r in summary.Rows) rows.Add(r.File, r.Line, r.Column, Clip(r.Value), r.Reason);
        console.Print(rows.ToString());
        if (summary.Rows.Count < summary.Total) console.Print($"{summary.Rows.Count} of {summary.Total} rejected rows shown; --limit N shows more");
        return BfwConsole.Ok;
    }

    static string? Clip(string? text) => text is null || text.Length <= 40 ? text : text[..40] + "…";
}
