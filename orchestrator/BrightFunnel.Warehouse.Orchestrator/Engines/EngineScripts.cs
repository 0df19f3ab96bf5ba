using System.Text.RegularExpressions;
using BrightFunnel.Warehouse.Migrations;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Engines;

/// <summary>
/// A folder of SQL an engine sends. One offloaded step's SQL under <c>sql/impala/{step}/</c>
/// (<see cref="Attribute"/>, <see cref="Aggregate"/>), or the statements both engines send under
/// <c>sql/shared/</c> (<see cref="Shared"/>, in the subset of SQL MySQL and Impala share):
/// <c>inputs/*.sql</c> are MySQL reads
/// whose rows are staged as Parquet tables of the same name; the other files are Impala
/// statements, one object each. Statements may name <c>${var:name}</c> variables, impala-shell's
/// substitution syntax, which the offload fills in (the tenant's database, the run), and model
/// loops (<see cref="ModelTemplate"/>), written out from the tenant's models when sent.
/// <c>prepare/*.sql</c> are statements a step runs before its others (the aggregate step's shared credits).
/// </summary>
public sealed partial class EngineScripts
{
    /// <summary>The attribute step's statements, in the order they run (each reads the ones before it).</summary>
    public static readonly string[] AttributeBuildOrder =
        ["at_touches", "at_stage_anchors", "at_account_touches", "at_positions", "at_milestones", "at_unattributed", "at_position_weights", "at_paths",
         "at_staged_touches", "at_staged_people", "at_staged_person_accounts"];
    /// <summary>The shares invariant both engines check before they swap an attribution in (<see cref="Shared"/>).</summary>
    public const string InvariantCheck = "at_credits_invariant";
    public const string AttributionCounts = "at_build_counts";
    /// <summary>
    /// The attribute step's touches (a view: the staged cn_touches, and the web touches the web step
    /// published when the tenant counts them), read by at_positions; runs first.
    /// </summary>
    public const string AttributeTouches = "at_touches";
    /// <summary>
    /// The web step's first statement: the sessions of the lake, which read nothing of the CRM, so the
    /// cycle builds them while MySQL canonicalizes and matches (<see cref="Cycle.WebSessionsAhead"/>).
    /// </summary>
    public const string WebSessionRows = "web_session_rows";
    /// <summary>The web step's statements after <see cref="WebSessionRows"/>, in the order they run (<c>sql/impala/web/</c>).</summary>
    public static readonly string[] WebBuildOrder =
        ["web_visitor_people", "web_landing_channels", "web_sessions", "web_touches", "web_account_weeks"];
    /// <summary>The engage step's statements on the cluster, in the order they run (<c>sql/impala/engage/</c>).</summary>
    public static readonly string[] EngageBuildOrder = ["eg_signals", "eg_week_points", "eg_week_scores", "eg_account_weeks", "eg_spike_causes", "eg_target_weeks"];
    /// <summary>The web and engage steps' SELECTs whose results are copied into the MySQL tables they are named after.</summary>
    public const string AnalyticsFolder = "analytics";

    const string PrepareFolder = "prepare";

    readonly string folder;
    // Read when a statement first needs them, so choosing an engine reads nothing.
    readonly Lazy<ModelTemplate> models;

    /// <param name="folder">Below <paramref name="sqlRoot"/>, '/'-separated: <c>impala/attribute</c>, <c>shared</c>.</param>
    EngineScripts(string sqlRoot, string folder, Func<ModelTemplate> models) =>
        (Folder, this.folder, this.models) = (Path.Combine([sqlRoot, .. folder.Split('/')]), folder, new Lazy<ModelTemplate>(models));

    /// <param name="models">The tenant's models, which the statements' model loops are written out from.</param>
    public static EngineScripts Attribute(string sqlRoot, Func<ModelTemplate> models) => new(sqlRoot, "impala/attribute", models);

    /// <param name="models">The tenant's models, which the statements' model loops are written out from.</param>
    public static EngineScripts Aggregate(string sqlRoot, Func<ModelTemplate> models) => new(sqlRoot, "impala/aggregate", models);

    /// <summary>The web step's SQL (<c>sql/impala/web</c>): no model loops.</summary>
    public static EngineScripts Web(string sqlRoot) =>
        new(sqlRoot, "impala/web", () => throw new InvalidOperationException("the web SQL has no model loops"));

    /// <summary>The engage step's SQL (<c>sql/impala/engage</c>): no model loops.</summary>
    public static EngineScripts Engage(string sqlRoot) =>
        new(sqlRoot, "impala/engage", () => throw new InvalidOperationException("the engage SQL has no model loops"));

    /// <param name="models">The tenant's models, which the statements' model loops are written out from.</param>
    public static EngineScripts Shared(string sqlRoot, Func<ModelTemplate> models) => new(sqlRoot, "shared", models);

    public string Folder { get; }

    /// <summary>Every staged input: (table name, MySQL SELECT), in name order.</summary>
    public IReadOnlyList<(string Table, string Select)> Inputs()
    {
        var folder = Path.Combine(Folder, "inputs");
        if (!Directory.Exists(folder)) throw new BadInputException($"offload SQL missing: no folder {folder}");
        return Directory.GetFiles(folder, "*.sql").Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileNameWithoutExtension(f), File.ReadAllText(f))).ToList();
    }

    /// <summary>The names of the step's statements (not its inputs), in name order.</summary>
    public IReadOnlyList<string> Statements() =>
        Directory.GetFiles(Folder, "*.sql").Order(StringComparer.Ordinal).Select(f => Path.GetFileNameWithoutExtension(f)!).ToList();

    /// <summary>The statements that run before the others, named <c>prepare/…</c>, in name order.</summary>
    public IReadOnlyList<string> PrepareStatements() => StatementsIn(PrepareFolder);

    /// <summary>The statements of a subfolder, named <c>{subfolder}/…</c>, in name order; none when it does not exist.</summary>
    public IReadOnlyList<string> StatementsIn(string subfolder)
    {
        var folder = Path.Combine(Folder, subfolder);
        return Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.sql").Order(StringComparer.Ordinal).Select(f => $"{subfolder}/{Path.GetFileNameWithoutExtension(f)}").ToList()
            : [];
    }

    /// <summary>
    /// A statement's text with its <c>${var:…}</c> variables filled in; an unknown variable is an error naming the script.
    /// It starts by naming its file (<see cref="OriginComment"/>, on the file's first line, so Impala's line
    /// numbers are the file's): Impala's query profiles and our statement logs show it to an operator.
    /// </summary>
    public string Statement(string name, IReadOnlyDictionary<string, string>? variables = null)
    {
        var path = Path.Combine(Folder, name + ".sql");
        if (!File.Exists(path)) throw new BadInputException($"offload SQL missing: {path}");
        var text = File.ReadAllText(path);
        if (ModelTemplate.Uses(text)) text = models.Value.Expand(text, Describe(name));
        return OriginComment(Describe(name)) + Variable().Replace(text, m =>
            variables is not null && variables.TryGetValue(m.Groups[1].Value, out var value)
                ? value
                : throw new BadInputException($"{Describe(name)}: unknown variable ${{var:{m.Groups[1].Value}}}"));
    }

    /// <summary>Where a statement comes from, as errors name it (<c>sql/impala/attribute/at_paths.sql</c>).</summary>
    public string Describe(string name) => $"sql/{folder}/{name}.sql";

    /// <summary>The first line of a statement sent from <paramref name="origin"/> (a file, or the class that builds it).</summary>
    public static string OriginComment(string origin) => $"/* bfw: {origin} */ ";

    [GeneratedRegex(@"\$\{var:([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Variable();
}
