using System.Text.Json;
using BrightFunnel.Warehouse.Orchestrator;
using MySql.Data.MySqlClient;
using NLog;

namespace BrightFunnel.Warehouse.Console;

/// <summary>
/// The <c>bfw</c> operator console: parses a verb and hands it to library code. Exit codes:
/// 0 ok, 1 a failed run or check, 2 bad usage or bad input.
/// </summary>
public sealed class BfwConsole(WarehouseSettings settings, TextWriter output, TextWriter error)
{
    public const int Ok = 0, Failed = 1, BadUsage = 2;

    static readonly Logger Log = LogManager.GetCurrentClassLogger();
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Where a confirmation is read; only asked when <see cref="InteractiveInput"/>.</summary>
    public TextReader Input { get; init; } = TextReader.Null;

    /// <summary>True when <see cref="Input"/> is a terminal a person can answer on (never in tests).</summary>
    public bool InteractiveInput { get; init; }

    /// <summary>True when the output is a terminal: only then is progress drawn (never in tests, pipes or files).</summary>
    public bool TerminalOutput { get; init; }

    // Verbs that run without any database: they must work before anything is configured.
    static readonly HashSet<string> NeedNoDatabase = ["generate", "impala"];

    /// <summary>Stops long verbs (<c>serve</c>, <c>run --wait</c>) from outside, as a test does; signals stop them too.</summary>
    public CancellationToken Stop { get; init; }

    public int Run(string[] argv)
    {
        if (argv.Length == 0 || argv[0] is "help" or "--help" or "-h")
        {
            output.WriteLine(Usage);
            return argv.Length == 0 ? BadUsage : Ok;
        }
        // `bfw <verb> … --help`: the verb's own lines of the usage, wherever the switch stands and
        // before anything is checked (a missing tenant id, an unconfigured database).
        if (argv.Skip(1).Any(a => a is "--help" or "-h") && UsageOf(argv[0]) is { } verbUsage)
        {
            output.WriteLine(verbUsage);
            return Ok;
        }
        try
        {
            var args = new CommandArgs(argv.Skip(1));
            // Usage lists every verb: an unknown one falls through to "unknown command" below.
            if (!NeedNoDatabase.Contains(argv[0]) && Usage.Contains($" {argv[0]} ", StringComparison.Ordinal)) settings.RequireDatabases();
            var code = argv[0] switch
            {
                "migrate" => new MigrateCommand(new WarehouseMigrations(settings), settings, this).Run(args),
                "pod" => new PodCommand(new TenantDirectory(settings), this).Run(args),
                "tenant" => new TenantCommand(settings, new WarehouseMigrations(settings), this).Run(args),
                "ingest" => new IngestCommand(settings, this).Run(args),
                "rejects" => new RejectsCommand(new TenantDirectory(settings), this).Run(args),
                "filter" => new FilterCommand(settings, this).Run(args),
                "abm" => new AbmCommand(settings, this).Run(args),
                "run" => new RunCommands(settings, this).Run(args),
                "runs" => new RunCommands(settings, this).Runs(args),
                "cancel" => new RunCommands(settings, this).Cancel(args),
                "logs" => new RunCommands(settings, this).Logs(args),
                "schedule" => new ScheduleCommand(settings, this).Run(args),
                "status" => new StatusCommand(settings, this).Run(args),
                "gc" => new GcCommand(settings, this).Run(args),
                "serve" => new ServeCommand(settings, this).Run(args),
                "report" => new ReportCommand(new TenantDirectory(settings), this).Run(args),
                "explain" => new ExplainCommand(new TenantDirectory(settings), settings, this).Run(args),
                "generate" => new GenerateCommand(this).Run(args),
                "impala" => new ImpalaCommand(settings.Impala, this).Run(args),
                "web" => new WebCommand(settings, this).Run(args),
                "events" => new EventsCommand(settings, this).Run(args),
                _ => throw new BadInputException($"unknown command '{argv[0]}'{DidYouMean.Hint(argv[0], Verbs)}\n{Usage}"),
            };
            return code;
        }
        catch (BadInputException e)
        {
            error.WriteLine($"bfw: {Secrets.MaskPasswords(e.Message)}");
            return BadUsage;
        }
        catch (MySqlException e)
        {
            var message = Secrets.MaskPasswords(e.Message);
            Log.Error("{command}: {error}", argv[0], message);
            error.WriteLine($"bfw: database error: {message}{SchemaBehind(e.Number)}");
            return Failed;
        }
        catch (Exception e)
        {
            // Anything else is still reported in one masked line; the stack goes to the log file only.
            Log.Error(e, "{command} failed", argv[0]);
            error.WriteLine($"bfw: {argv[0]} failed: {Secrets.MaskPasswords(e.Message)}{(e is MySqlConnector.MySqlException m ? SchemaBehind(m.Number) : "")}");
            return Failed;
        }
    }

    /// <summary>
    /// What to do when a table or column this bfw expects is missing (MySQL errors 1146, 1054): the
    /// database is behind the binary, as after an upgrade whose migrations nobody applied yet.
    /// </summary>
    static string SchemaBehind(int number) => number is 1146 or 1054
        ? "\nthe database is behind this version of bfw: bfw migrate status lists the pending migrations, bfw migrate apply applies them"
        : "";

    /// <summary>The lines of <see cref="Usage"/> that describe <paramref name="verb"/>, or null for a word that is no verb.</summary>
    public static string? UsageOf(string verb)
    {
        var lines = Usage.Split('\n')
            .Where(line => line.Split(" | ").Any(part => part.Trim() == verb || part.Trim().StartsWith(verb + " ", StringComparison.Ordinal)))
            .ToList();
        return lines.Count == 0 ? null : "usage: bfw <command> [options]\n" + string.Join('\n', lines);
    }

    public void Print(string text) => output.WriteLine(text);

    public void PrintJson<T>(T value) => output.WriteLine(JsonSerializer.Serialize(value, Json));

    public void PrintError(string text) => error.WriteLine(text);

    /// <summary>
    /// Asks the operator to type <paramref name="name"/> before something irreversible; <c>--yes</c>
    /// skips the question. Without a terminal to ask on, refuses rather than guess.
    /// </summary>
    public void Confirm(string what, string name, bool yes)
    {
        if (yes) return;
        if (!InteractiveInput)
            throw new BadInputException($"{what}: refusing without confirmation: stdin is not a terminal, pass --yes");
        output.Write($"{what}. Type '{name}' to confirm: ");
        output.Flush();
        if (Input.ReadLine()?.Trim() != name) throw new BadInputException($"{what}: not confirmed, nothing changed");
    }

    /// <summary>The top-level commands, in the order of <see cref="Usage"/>.</summary>
    static readonly string[] Verbs =
        ["migrate", "pod", "tenant", "ingest", "rejects", "filter", "abm", "run", "runs", "cancel", "logs", "schedule", "status",
         "gc", "serve", "report", "explain", "generate", "impala", "web", "events"];

    public const string Usage = """
        usage: bfw <command> [options]
          migrate plan|apply|status|validate [--db control|web|tenant:<id>|all] [--json]
          migrate doc [--out docs/schema.md]
          pod add <pod> --connection <cs> [--max-concurrent N] [--replace] [--force]
          pod list [--json] | pod remove <pod> [--yes] | pod rekey [--json]
          tenant add <tenant> --pod <pod> [--timezone TZ] [--cron EXPR] [--replace] [--force]
          tenant list [--json] | tenant show <tenant> [--json]
          tenant remove <tenant> [--drop-database] [--purge-history] [--yes] [--json]
          tenant config <tenant> [--file F] [--set key=value ...] [--force] [--json]
          tenant check <tenant> [--json]
          ingest <tenant> <dir> [--json]
          rejects <tenant> [--object O] [--limit N] [--json]
          filter add <tenant> <name> --rule <json> [--replace] | filter list <tenant> [--json] | filter remove <tenant> <name> [--yes]
          abm list add <tenant> <name> --rule <json>|--file <csv> [--replace] | abm list list <tenant> [--json]
          abm list show <tenant> <name> [--json] | abm list remove <tenant> <name> [--yes] | abm report <tenant> <list> [--top N] [--json]
          run <tenant> [--from STEP | --only STEP] [--engine impala|mysql] [--allow-empty] [--wait] [--inline]
          runs [--tenant T] [--limit N] [--json] | runs show <run-id> [--json]
          cancel <run-id> | logs <run-id> [--json]
          schedule list [--json] | schedule set <tenant> "<cron>" [--force]
          status [--json]
          gc [--dry-run] [--json]
          serve [--instance-id ID]
          report <tenant> [--stage pipeline|revenue] [--model M] [--by campaign|channel|account|quarter] [--filter NAME] [--top N] [--json]
          explain <tenant> <opportunity-id> [--stage pipeline|revenue] [--json]
          generate <tenant> --size S|M|L [--seed N] [--as-of yyyy-MM-dd] [--out DIR] [--web] [--abm]
          impala serve [--port 21050] [--root DIR] [--reserved-words-version 2.11|3.0] [--statement-log FILE] [--profile DIR] [--kerberos-principal P --keytab FILE] | impala check [--json]
          web user add <tenant> <email> | web user list [<tenant>] [--json] | web user remove <tenant> <email> [--yes]
          web token add <tenant> [--expires 90d|never] | web token list [<tenant>] [--json] | web token remove <tenant> <token-id> [--yes]
          web site add <tenant> --origin URL [--origin URL ...] [--json] | web site list <tenant> [--json] | web site remove <tenant> <key> [--yes]
          events ship <tenant>|--all [--json] | events status <tenant> [--json] | events import <tenant> <dir> [--json]
        exit codes: 0 ok, 1 failed run or check, 2 bad usage or bad input
        """;
}
