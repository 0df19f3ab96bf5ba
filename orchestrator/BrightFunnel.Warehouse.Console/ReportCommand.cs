using System.Globalization;
using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Reporting;

namespace BrightFunnel.Warehouse.Console;

/// <summary><c>bfw report &lt;tenant&gt;</c>: the top rows of a tenant's analytics as a readable table (or JSON).</summary>
sealed class ReportCommand(TenantDirectory directory, BfwConsole console)
{
    public int Run(CommandArgs args)
    {
        var tenant = TenantId.Parse(args.Positional(0, "tenant id"));
        var query = new ReportQuery(args.Option("stage", "pipeline"), args.Option("model", "linear"), args.Option("by", "campaign"),
            Orchestrator.Filters.FilterStore.CleanName(args.Option("filter", "all")), args.IntOption("top", 10, 1, 10_000));
        var json = args.Switch("json");
        args.RejectUnused();
        var report = new AnalyticsReport(directory.TenantConnectionString(tenant)).Read(query);
        if (json)
        {
            console.PrintJson(new
            {
                tenant = tenant.Value, query, rows = report.Rows.Select(r => report.Columns.Zip(r).ToDictionary(p => p.First, p => p.Second)),
                attributedTotal = report.AttributedTotal, unattributedAmount = report.UnattributedAmount,
                unattributedOpportunities = report.UnattributedOpportunities, matchedOpportunities = report.MatchedOpportunities,
                asOf = report.AsOf?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            });
            return BfwConsole.Ok;
        }
        // Quarters are the latest ones, newest first, not the "top" by an amount: say so, and which.
        var what = query.By == "quarter"
            ? $"the latest {query.Top} fiscal quarters" + (report.Rows.Count > 0 ? $" ({report.Rows[^1][0]} to {report.Rows[0][0]}, newest first)" : " (none yet)")
            : $"top {query.Top} by {query.By}";
        console.Print($"{tenant}: {what}, {query.Stage}, {Web.Glossary.ModelName(query.Model)} model ({query.Model}), filter '{query.Filter}'");
        if (ModelDefinition(tenant, query.Model) is { } model) console.Print($"{Web.Glossary.ModelName(query.Model)}: {Web.Glossary.Define(model)}");
        if (report.MatchedOpportunities == 0)
            console.Print($"filter '{query.Filter}' matched no opportunity: every figure below is zero");
        var table = new TextTable([.. report.Columns]);
        foreach (var row in report.Rows) table.Add(row.Select(Display).ToArray());
        console.Print(table.ToString());
        if (query.By == "account" && report.AsOf is { } asOf)
            console.Print($"touches and people over the 30 and 90 days up to {asOf:yyyy-MM-dd}, the data's last day with a touch (never after the run date)");
        if (query.Filter != Orchestrator.Filters.FilterStore.AllOpportunities && query.By is "campaign" or "channel")
            console.Print(Web.Glossary.CostUnderAFilter);
        console.Print($"attributed {Money(report.AttributedTotal)}; unattributed {Money(report.UnattributedAmount)} " +
                      $"on {report.UnattributedOpportunities} opportunit{(report.UnattributedOpportunities == 1 ? "y" : "ies")} with no counted touch");
        return BfwConsole.Ok;
    }

    /// <summary>The model as the tenant's database defines it (at_model_weights), for the glossary's one line.</summary>
    Web.Data.ModelDefinition? ModelDefinition(TenantId tenant, string model)
    {
        using var c = DbConnections.Tenant(directory.TenantConnectionString(tenant));
        return Dapper.SqlMapper.QuerySingleOrDefault<Web.Data.ModelDefinition>(c,
            $"SELECT {Web.Data.ModelDefinition.Columns} FROM at_model_weights WHERE model = @model", new { model });
    }

    static object? Display(object? value) => value switch
    {
        double d => Math.Round(d, 2),
        DateTime t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => value,
    };

    internal static string Money(double amount) => amount.ToString("N0", CultureInfo.InvariantCulture);
}
