using System.Globalization;
using Dapper;
using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Abm;
using BrightFunnel.Warehouse.Orchestrator.Filters;
using BrightFunnel.Warehouse.Orchestrator.Runs;

namespace BrightFunnel.Warehouse.Console;

/// <summary>
/// <c>bfw abm list add|list|show|remove</c> and <c>bfw abm report</c>: a tenant's target account
/// lists (docs/abm.md). Adding or showing a list evaluates it against the tenant's accounts at
/// once, unless a run holds the tenant, and prints every file entry that matches no account.
/// </summary>
sealed class AbmCommand(WarehouseSettings settings, BfwConsole console)
{
    public int Run(CommandArgs args)
    {
        var what = args.Positional(0, "abm action (list or report)");
        var directory = new TenantDirectory(settings);
        return what switch
        {
            "list" => List(args, directory),
            "report" => Report(args, directory),
            _ => throw new BadInputException($"unknown abm action '{what}': use list add|list|show|remove or report"),
        };
    }

    int List(CommandArgs args, TenantDirectory directory)
    {
        var action = args.Positional(1, "list action (add, list, show or remove)");
        var tenant = TenantId.Parse(args.Positional(2, "tenant id"));
        directory.GetTenant(tenant);
        var store = new TargetListStore(settings.Control.ConnectionString);
        switch (action)
        {
            case "add":
            {
                var name = args.Positional(3, "list name").Trim();
                var rule = args.Option("rule");
                var file = args.Option("file");
                var replace = args.Switch("replace");
                args.RejectUnused();
                if ((rule is null) == (file is null)) throw new BadInputException("give the list --rule '<json>' or --file <csv>, one of them");
                var list = rule is not null
                    ? new TargetList(name, rule, null, [])
                    : new TargetList(name, null, Path.GetFileName(file!), TargetListFile.Read(file!));
                var registration = store.Add(tenant, list, Dates(tenant), replace);
                console.Print(registration.Describe($"target account list '{name}' of {tenant}"));
                PrintEvaluation(tenant, directory, list);
                console.Print("every cycle's engage step re-evaluates it; the dashboard shows it after the next run");
                return BfwConsole.Ok;
            }
            case "list":
            {
                var json = args.Switch("json");
                args.RejectUnused();
                var lists = store.List(tenant);
                if (json) console.PrintJson(lists.Select(l => new { name = l.Name, source = l.Source, definition = l.Definition, entries = l.Entries.Count }));
                else
                {
                    var table = new TextTable("list", "source", "definition", "entries");
                    foreach (var l in lists) table.Add(l.Name, l.Source, l.Definition, l.Rule is null ? l.Entries.Count : "");
                    console.Print(lists.Count == 0 ? $"{tenant} has no target account lists (bfw abm list add {tenant} <name> --rule …|--file …)" : table.ToString());
                }
                return BfwConsole.Ok;
            }
            case "show":
            {
                var name = args.Positional(3, "list name");
                var json = args.Switch("json");
                args.RejectUnused();
                var list = store.Get(tenant, name);
                var report = new TargetAccountReport(directory.TenantConnectionString(tenant)).Read(list.Name);
                if (json)
                {
                    console.PrintJson(new
                    {
                        name = list.Name, source = list.Source, definition = list.Definition,
                        entries = list.Entries.Select(e => new { line = e.Line, kind = e.Kind, value = e.Value }),
                        lastCycle = report?.List, history = report?.History,
                    });
                    return BfwConsole.Ok;
                }
                console.Print($"list '{list.Name}' of {tenant}: {list.Source} {list.Definition}" + (list.Rule is null ? $" ({list.Entries.Count} entries)" : ""));
                PrintEvaluation(tenant, directory, list);
                if (report is null) console.Print("no cycle has evaluated it yet");
                else
                {
                    var history = new TextTable("run", "run date", "accounts");
                    foreach (var h in report.History) history.Add(h.RunId, h.RunDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), h.Accounts);
                    console.Print("members by cycle:");
                    console.Print(history.ToString());
                }
                return BfwConsole.Ok;
            }
            case "remove":
            {
                var name = args.Positional(3, "list name").Trim();
                var yes = args.Switch("yes");
                args.RejectUnused();
                console.Confirm($"remove target account list '{name}' of {tenant}", name, yes);
                store.Remove(tenant, name);
                console.Print($"target account list '{name}' removed from {tenant}; the next cycle publishes without it");
                return BfwConsole.Ok;
            }
            default: throw new BadInputException($"unknown abm list action '{action}': use add, list, show or remove");
        }
    }

    int Report(CommandArgs args, TenantDirectory directory)
    {
        var tenant = TenantId.Parse(args.Positional(1, "tenant id"));
        var name = args.Positional(2, "list name");
        var json = args.Switch("json");
        var top = args.IntOption("top", 50, 1, 100_000);
        args.RejectUnused();
        directory.GetTenant(tenant);
        var list = new TargetListStore(settings.Control.ConnectionString).Get(tenant, name);
        var report = new TargetAccountReport(directory.TenantConnectionString(tenant)).Read(list.Name)
                     ?? throw new BadInputException($"list '{list.Name}' of {tenant} has not been through a cycle yet: run bfw run {tenant} (or --from engage)");
        if (json)
        {
            console.PrintJson(new { tenant = tenant.Value, list = report.List, accounts = report.Accounts });
            return BfwConsole.Ok;
        }
        var l = report.List;
        var coverage = l.Accounts == 0 ? 0 : 100.0 * l.EngagedThisQuarter / l.Accounts;
        console.Print($"{tenant}: target accounts '{l.ListName}' ({l.Source}: {l.Definition})");
        console.Print($"{l.Accounts} accounts, {l.EngagedThisQuarter} engaged in {l.QuarterLabel ?? "the current quarter"} ({coverage:0.0} % coverage)" +
                      (l.UnmatchedEntries > 0 ? $", {l.UnmatchedEntries} entr{(l.UnmatchedEntries == 1 ? "y" : "ies")} matching no account" : "") +
                      $"; attributed revenue under the {l.Model ?? "first"} model");
        var table = new TextTable("account", "name", "tier", "score", "trend (13 weeks)", "engaged", "open pipeline", "won", "attributed", "latest spike");
        foreach (var a in report.Accounts.Take(top))
            table.Add(a.AccountId, a.AccountName, a.Tier, Math.Round(a.Score, 2), Sparkline(a.Trend), a.EngagedThisQuarter ? "yes" : "",
                ReportCommand.Money((double)a.OpenPipeline), ReportCommand.Money((double)a.WonRevenue), ReportCommand.Money(a.AttributedRevenue),
                a.LatestSpikeWeek is { } w ? $"{w:yyyy-MM-dd} ({a.LatestSpikeScore:0.##})" : "");
        console.Print(table.ToString());
        if (report.Accounts.Count > top) console.Print($"… {report.Accounts.Count - top} more (--top N)");
        return BfwConsole.Ok;
    }

    void PrintEvaluation(TenantId tenant, TenantDirectory directory, TargetList list)
    {
        using var cycleLock = TenantCycleLock.TryAcquire(settings.Control.ConnectionString, tenant, new RunStore(settings.Control.ConnectionString, settings.Scheduler));
        if (cycleLock is null)
        {
            console.Print($"a run of {tenant} is in progress: the list is evaluated by the next cycle");
            return;
        }
        using var c = DbConnections.Tenant(directory.TenantConnectionString(tenant));
        if (!c.ExecuteScalar<bool>("SELECT EXISTS (SELECT 1 FROM cn_accounts)"))
        {
            // Before the first cycle every entry would look unmatched: say what is true instead.
            console.Print($"{tenant} has no accounts yet (no cycle has built them): the first cycle evaluates the list");
            return;
        }
        var result = TargetListEvaluation.Evaluate(c, [list], Dates(tenant)).Single();
        console.Print($"it holds {result.Accounts} account(s) of {tenant} now");
        if (result.Unmatched.Count == 0) return;
        console.Print($"{result.Unmatched.Count} entr{(result.Unmatched.Count == 1 ? "y matches" : "ies match")} no account (kept: they match once the account arrives):");
        var table = new TextTable("line", "kind", "value");
        foreach (var e in result.Unmatched.Take(50)) table.Add(e.Line, e.Kind, e.Value);
        console.Print(table.ToString());
        if (result.Unmatched.Count > 50) console.Print($"… {result.Unmatched.Count - 50} more (bfw abm list show {tenant} {list.Name} --json lists every entry)");
    }

    RelativeDates Dates(TenantId tenant)
    {
        var config = new TenantConfigStore(settings.Control.ConnectionString).Current(tenant).Config;
        return RelativeDates.ForTenant(DateTime.UtcNow, config.TimeZone, config.FiscalYearStartMonth);
    }

    /// <summary>The trend as a terminal sparkline, lowest to highest of the account's own weeks.</summary>
    static string Sparkline(string trend)
    {
        const string bars = "▁▂▃▄▅▆▇█";
        var values = trend.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList();
        if (values.Count == 0) return "";
        var max = values.Max();
        return new string(values.Select(v => max <= 0 ? bars[0] : bars[(int)Math.Round(v / max * (bars.Length - 1))]).ToArray());
    }
}
