using System.Globalization;
using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Explain;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Console;

/// <summary><c>bfw explain &lt;tenant&gt; &lt;opportunity-id&gt;</c>: one opportunity's path, every model side by side.</summary>
sealed class ExplainCommand(TenantDirectory directory, WarehouseSettings settings, BfwConsole console)
{
    public int Run(CommandArgs args)
    {
        var tenant = TenantId.Parse(args.Positional(0, "tenant id"));
        var opportunity = args.Positional(1, "opportunity id");
        var stage = args.Option("stage");
        var json = args.Switch("json");
        args.RejectUnused();
        var report = new OpportunityPath(directory.TenantConnectionString(tenant), settings.Impala).Explain(tenant, opportunity, stage);
        if (json)
        {
            console.PrintJson(report);
            return BfwConsole.Ok;
        }
        console.Print($"{tenant}: opportunity {report.OpportunityId} {report.Name}, account {report.AccountId ?? "(none)"}, amount {Money(report.Amount)}, " +
                      $"created {report.CreatedDate:yyyy-MM-dd}, {(report.IsWon ? $"won {report.CloseDate:yyyy-MM-dd}" : "not won")}; pairs read from {report.ReadFrom}");
        foreach (var s in report.Stages)
        {
            console.Print("");
            if (s.Touches.Count == 0)
            {
                console.Print($"{s.Stage}: {s.NotAttributedBecause}");
                continue;
            }
            console.Print($"{s.Stage}: {s.Touches.Count} counted touch{(s.Touches.Count == 1 ? "" : "es")}, amount {Money(s.Amount)}; shares per model");
            var shares = new TextTable(["t", "date", "campaign", "person", "milestones", .. s.Models]);
            foreach (var t in s.Touches)
                shares.Add([$"t{t.Position}", t.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), t.CampaignName ?? t.CampaignId, t.PersonId,
                    t.Milestones is null ? "?" : string.Join(", ", t.Milestones), .. s.Models.Select(m => (object)Share(t.Shares[m]))]);
            shares.Add(["sum", "", "", "", "", .. s.Models.Select(m => (object)Share(s.ShareSums[m]))]);
            console.Print(shares.ToString());
            console.Print($"{s.Stage}: credit per model (amount × share)");
            var credits = new TextTable(["t", "campaign", .. s.Models]);
            foreach (var t in s.Touches)
                credits.Add([$"t{t.Position}", t.CampaignName ?? t.CampaignId, .. s.Models.Select(m => (object)Money(t.Credits[m]))]);
            credits.Add(["sum", "", .. s.Models.Select(m => (object)Money(s.CreditSums[m]))]);
            console.Print(credits.ToString());
        }
        return BfwConsole.Ok;
    }

    /// <summary>Four decimals, except a share too small for them (time decay far from its anchor), which is not shown as 0.</summary>
    static string Share(double share) =>
        share.ToString(share != 0 && Math.Abs(share) < 0.00005 ? "0.0E+0" : "0.0000", CultureInfo.InvariantCulture);

    static string Money(double amount) => amount.ToString("N2", CultureInfo.InvariantCulture);

    static string Money(decimal amount) => amount.ToString("N2", CultureInfo.InvariantCulture);
}
