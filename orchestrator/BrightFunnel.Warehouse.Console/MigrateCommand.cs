using BrightFunnel.Warehouse.Migrations;
using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Schema;

namespace BrightFunnel.Warehouse.Console;

/// <summary><c>bfw migrate plan|apply|status|validate [--db …]</c> and <c>bfw migrate doc [--out FILE]</c>.</summary>
sealed class MigrateCommand(WarehouseMigrations migrations, WarehouseSettings settings, BfwConsole console)
{
    public const string DefaultDocPath = "docs/schema.md";

    public int Run(CommandArgs args)
    {
        var action = args.Positional(0, "migrate action (plan, apply, status, validate or doc)");
        if (action == "doc") return Doc(args);
        var selector = args.Option("db", "all");
        var json = args.Switch("json");
        args.RejectUnused();
        return action switch
        {
            "status" => Status(migrations.Status(selector), json),
            "plan" => Plan(migrations.Status(selector), json),
            "validate" => Validate(migrations.Status(selector), json),
            "apply" => Apply(migrations.Apply(selector), json),
            _ => throw new BadInputException($"unknown migrate action '{action}': use plan, apply, status, validate or doc"),
        };
    }

    /// <summary>Writes the schema of freshly migrated throwaway databases as markdown (see <see cref="SchemaDocument"/>).</summary>
    int Doc(CommandArgs args)
    {
        var path = Path.GetFullPath(args.Option("out") ?? DefaultDocPath);
        args.RejectUnused();
        if (Path.GetDirectoryName(path) is { } folder && !Directory.Exists(folder))
            throw new BadInputException($"--out {path}: folder {folder} does not exist");
        File.WriteAllText(path, new SchemaDocument(settings).Generate());
        console.Print($"wrote {path}");
        return BfwConsole.Ok;
    }

    int Status(IReadOnlyList<MigrationStatus> statuses, bool json)
    {
        if (json) console.PrintJson(statuses.Select(ToJson));
        else
        {
            var table = new TextTable("db", "database", "version", "pending", "drift", "state");
            foreach (var s in statuses)
                table.Add(s.Label, s.Database, s.Version ?? "-", s.Pending.Count, s.Drift.Count, StateOf(s));
            console.Print(table.ToString());
        }
        return statuses.Any(s => s.Error is not null) ? BfwConsole.Failed : BfwConsole.Ok;
    }

    int Plan(IReadOnlyList<MigrationStatus> statuses, bool json)
    {
        if (json) { console.PrintJson(statuses.Select(ToJson)); return BfwConsole.Ok; }
        foreach (var s in statuses)
        {
            console.Print($"{s.Label} ({s.Database}): {StateOf(s)}");
            foreach (var name in s.Pending) console.Print($"  would apply {name}");
            foreach (var d in s.Drift) console.Print($"  DRIFT {d.ScriptName}: applied {d.AppliedChecksum}, now {d.CurrentChecksum}");
        }
        return statuses.Any(s => s.Error is not null || s.Drift.Count > 0) ? BfwConsole.Failed : BfwConsole.Ok;
    }

    int Validate(IReadOnlyList<MigrationStatus> statuses, bool json)
    {
        var drifted = statuses.Where(s => s.Drift.Count > 0 || s.Error is not null).ToList();
        if (json) console.PrintJson(statuses.Select(ToJson));
        else if (drifted.Count == 0) console.Print($"no drift in {statuses.Count} database(s)");
        else
            foreach (var s in drifted)
            {
                if (s.Error is not null) console.Print($"{s.Label}: {s.Error}");
                foreach (var d in s.Drift) console.Print($"{s.Label}: DRIFT {d.ScriptName}: applied {d.AppliedChecksum}, now {d.CurrentChecksum}");
            }
        return drifted.Count == 0 ? BfwConsole.Ok : BfwConsole.Failed;
    }

    int Apply(IReadOnlyList<ApplyOutcome> outcomes, bool json)
    {
        if (json) console.PrintJson(outcomes);
        else
            foreach (var o in outcomes)
            {
                var what = o.Error is not null ? $"FAILED: {o.Error}"
                    : o.Applied.Count == 0 ? "up to date" : $"applied {o.Applied.Count}: {string.Join(", ", o.Applied)}";
                console.Print($"{o.Label} ({o.Database}): {what}");
            }
        // One unreachable pod fails only its own tenants: the others are migrated, and the count says so.
        var failed = outcomes.Count(o => !o.Succeeded);
        if (failed == 0) return BfwConsole.Ok;
        console.PrintError($"bfw: {failed} of {outcomes.Count} database(s) failed: {string.Join(", ", outcomes.Where(o => !o.Succeeded).Select(o => o.Label))}; the others were migrated");
        return BfwConsole.Failed;
    }

    static string StateOf(MigrationStatus s) =>
        s.Error is not null ? $"error: {s.Error}"
        : !s.Exists ? "not created"
        : s.Drift.Count > 0 ? "DRIFT"
        : s.Pending.Count > 0 ? "pending"
        : "up to date";

    static object ToJson(MigrationStatus s) => new
    {
        db = s.Label, database = s.Database, exists = s.Exists, version = s.Version, pending = s.Pending,
        drift = s.Drift, error = s.Error, state = StateOf(s),
    };
}
