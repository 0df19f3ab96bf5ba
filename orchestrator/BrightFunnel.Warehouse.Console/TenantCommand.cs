using BrightFunnel.Warehouse.Orchestrator;

namespace BrightFunnel.Warehouse.Console;

/// <summary><c>bfw tenant add|list|show|config|check|remove</c>.</summary>
sealed class TenantCommand(WarehouseSettings settings, WarehouseMigrations migrations, BfwConsole console)
{
    public int Run(CommandArgs args)
    {
        var action = args.Positional(0, "tenant action (add, list, show, config, check or remove)");
        var json = args.Switch("json");
        switch (action)
        {
            case "add":
            {
                var tenant = TenantId.Parse(args.Positional(1, "tenant id"));
                var pod = args.RequiredOption("pod");
                var timeZone = args.Option("timezone");
                var cron = args.Option("cron");
                var replace = args.Switch("replace");
                var force = args.Switch("force");
                args.RejectUnused();
                var (stored, registration) = migrations.Directory.AddTenant(tenant, pod, timeZone, cron, replace, frequentCron: force);
                var outcome = migrations.ApplyTenant(stored);
                if (!outcome.Succeeded)
                {
                    console.PrintError($"tenant {tenant} recorded on pod {pod}, but migrating {outcome.Database} failed: {outcome.Error}");
                    return BfwConsole.Failed;
                }
                console.Print($"{registration.Describe($"tenant {tenant}")}; on pod {pod}: database {outcome.Database} ready ({outcome.Applied.Count} script(s) applied)");
                return BfwConsole.Ok;
            }
            case "remove":
            {
                var tenant = TenantId.Parse(args.Positional(1, "tenant id"));
                var dropDatabase = args.Switch("drop-database");
                var purgeHistory = args.Switch("purge-history");
                var yes = args.Switch("yes");
                args.RejectUnused();
                var stored = migrations.Directory.GetTenant(tenant);
                console.Confirm($"remove tenant {tenant} from pod {stored.PodName}{(dropDatabase ? $" and DROP its database {tenant.DatabaseName}" : "")}", tenant.Value, yes);
                var report = SyncBridge.Wait(new TenantRemoval(settings).Remove(tenant, dropDatabase, purgeHistory));
                if (json) { console.PrintJson(report); return BfwConsole.Ok; }
                console.Print($"tenant {tenant} removed from pod {report.Pod}: schedule, configuration and filters deleted" +
                              (report.RunsCancelled > 0 ? $", {report.RunsCancelled} queued run(s) cancelled" : ""));
                console.Print(report.DatabaseDropped
                    ? $"database {tenant.DatabaseName} dropped, {report.WebRowsDeleted} published row(s) deleted from the web tier"
                    : $"database {tenant.DatabaseName} kept (drop it with --drop-database)");
                console.Print(purgeHistory ? $"run history purged ({report.RunsPurged} run(s))" : "run history kept (`bfw runs --tenant " + tenant + "`); --purge-history deletes it");
                return BfwConsole.Ok;
            }
            case "list":
            {
                args.RejectUnused();
                var tenants = migrations.Directory.Tenants();
                if (json) console.PrintJson(tenants.Select(ToJson));
                else
                {
                    var table = new TextTable("tenant", "pod", "time zone", "cron", "created");
                    foreach (var t in tenants) table.Add(t.TenantId, t.PodName, t.TimeZone, t.Cron, t.CreatedAt);
                    console.Print(table.ToString());
                }
                return BfwConsole.Ok;
            }
            case "show":
            {
                var tenant = TenantId.Parse(args.Positional(1, "tenant id"));
                args.RejectUnused();
                var t = migrations.Directory.GetTenant(tenant);
                var status = migrations.Status($"tenant:{tenant}")[0];
                if (json) console.PrintJson(new { tenant = ToJson(t), schemaVersion = status.Version, pending = status.Pending, drift = status.Drift });
                else
                {
                    console.Print($"tenant     {t.TenantId}");
                    console.Print($"pod        {t.PodName}");
                    console.Print($"database   {tenant.DatabaseName} (schema {status.Version ?? "none"}, {status.Pending.Count} pending, {status.Drift.Count} drifted)");
                    console.Print($"time zone  {t.TimeZone}");
                    console.Print($"cron       {t.Cron}");
                    console.Print($"created    {t.CreatedAt:yyyy-MM-dd HH:mm:ss}");
                }
                return BfwConsole.Ok;
            }
            case "config":
                return Config(TenantId.Parse(args.Positional(1, "tenant id")), args, json);
            case "check":
            {
                var tenant = TenantId.Parse(args.Positional(1, "tenant id"));
                args.RejectUnused();
                var report = new TenantCheck(migrations.Directory.TenantConnectionString(tenant))
                    .Run(tenant, new TenantConfigStore(settings.Control.ConnectionString).Current(tenant));
                PrintCheck(report, json);
                return report.HasErrors ? BfwConsole.Failed : BfwConsole.Ok;
            }
            default: throw new BadInputException($"unknown tenant action '{action}': use add, list, show, config, check or remove");
        }
    }

    /// <summary>Shows the configuration in force, or stores a new version from <c>--file</c> and/or <c>--set k=v</c>.</summary>
    int Config(TenantId tenant, CommandArgs args, bool json)
    {
        var file = args.Option("file");
        var assignments = args.Options("set");
        var force = args.Switch("force");
        args.RejectUnused();
        migrations.Directory.GetTenant(tenant);
        var store = new TenantConfigStore(settings.Control.ConnectionString);
        var current = store.Current(tenant);
        if (file is null && assignments.Count == 0)
        {
            if (json) console.Print(current.Config.ToJson());
            else
            {
                console.Print($"# tenant {tenant}, configuration version {current.Version}{(current.Version == 0 ? " (defaults)" : $", changed {current.ChangedAt:yyyy-MM-dd HH:mm} by {current.ChangedBy}")}");
                console.Print(current.Config.ToJson());
            }
            return BfwConsole.Ok;
        }
        var config = current.Config;
        if (file is not null)
        {
            if (!File.Exists(file)) throw new BadInputException($"config file not found: {file}");
            config = TenantConfig.Parse(File.ReadAllText(file), file);
        }
        if (assignments.Count > 0) config = config.With(assignments, "--set");
        // A setting set to the value in force changes nothing: no new version (the demo sets its settings on every run).
        if (current.Version > 0 && config.ToJson() == current.Config.ToJson())
        {
            console.Print($"tenant {tenant}: configuration unchanged; version {current.Version} stays in force");
            return BfwConsole.Ok;
        }
        // The same check the cycle runs, against the data already loaded: a stage or field that does
        // not exist is refused now rather than found as zeros after the next cycle.
        var report = new TenantCheck(migrations.Directory.TenantConnectionString(tenant))
            .Run(tenant, new TenantConfigVersion(current.Version + 1, config, DateTime.UtcNow, ""));
        // A model at_models lacks would fail every cycle, with or without data: never saved, even with --force.
        if (report.Errors.FirstOrDefault(f => f.Topic == TenantCheck.ModelsTopic) is { } models)
            throw new BadInputException($"tenant {tenant}: configuration not saved: {models.Message}");
        if (report.HasData && report.HasErrors)
        {
            foreach (var f in report.Errors) console.PrintError($"FAIL {f.Topic}: {f.Message}");
            if (!force)
                throw new BadInputException($"tenant {tenant}: configuration not saved: the setup check against the loaded data FAILED " +
                                            "(fix the settings above, or save it anyway with --force)");
        }
        var version = store.Save(tenant, config);
        console.Print($"tenant {tenant}: configuration version {version} saved" + (
            !report.HasData ? "; no data loaded yet: the setup check runs on the first cycle"
            : report.HasErrors ? " despite the failed setup check (--force); the next cycle will fail at its check step until it passes"
            : "; setup check against the loaded data passed"));
        return BfwConsole.Ok;
    }

    void PrintCheck(TenantCheckReport report, bool json)
    {
        if (json)
        {
            console.PrintJson(new
            {
                tenant = report.Tenant, configVersion = report.ConfigVersion, rows = report.RowsPerObject,
                facts = report.Facts.Select(f => new { measure = f.Measure, value = f.Value }),
                findings = report.Findings.Select(f => new { topic = f.Topic, severity = f.Severity.ToString().ToLowerInvariant(), message = f.Message }),
                ok = !report.HasErrors,
            });
            return;
        }
        console.Print($"tenant {report.Tenant} (configuration version {report.ConfigVersion})\n");
        var rows = new TextTable("object", "rows");
        foreach (var (name, count) in report.RowsPerObject) rows.Add(name, count);
        console.Print(rows + "\n");
        var facts = new TextTable("measure", "value");
        foreach (var (measure, value) in report.Facts) facts.Add(measure, value);
        console.Print(facts + "\n");
        var findings = new TextTable("", "topic", "finding");
        foreach (var f in report.Findings) findings.Add(f.Severity switch { Severity.Ok => "ok", Severity.Warning => "WARN", _ => "FAIL" }, f.Topic, f.Message);
        console.Print(findings.ToString());
        if (!report.HasErrors)
        {
            console.Print("\nsetup check passed");
            return;
        }
        // Each FAIL again after the table, on a line of its own: what to do is what the output ends with.
        console.Print("");
        foreach (var f in report.Errors) console.Print($"FAIL {f.Topic}: {f.Message}");
        console.Print("setup check FAILED");
    }

    static object ToJson(Tenant t) => new { tenant = t.TenantId, pod = t.PodName, timeZone = t.TimeZone, cron = t.Cron, createdAt = t.CreatedAt };
}
