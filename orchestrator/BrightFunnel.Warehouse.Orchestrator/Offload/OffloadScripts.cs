namespace BrightFunnel.Warehouse.Orchestrator.Offload;

/// <summary>
/// The offload's SQL under <c>sql/impala/</c>: <c>inputs/*.sql</c> are MySQL reads whose rows are
/// staged as Parquet tables of the same name; the other files are Impala statements, one object
/// each, run in <see cref="BuildOrder"/> (each depends on the ones before it).
/// </summary>
public sealed class OffloadScripts(string impalaSqlFolder)
{
    public static readonly string[] BuildOrder = ["at_stage_anchors", "at_positions", "at_milestones", "at_unattributed", "at_paths"];
    public const string InvariantCheck = "at_credits_invariant";

    public string Folder { get; } = impalaSqlFolder;

    /// <summary>Every staged input: (table name, MySQL SELECT), in name order.</summary>
    public IReadOnlyList<(string Table, string Select)> Inputs()
    {
        var folder = Path.Combine(Folder, "inputs");
        if (!Directory.Exists(folder)) throw new BadInputException($"offload SQL missing: no folder {folder}");
        return Directory.GetFiles(folder, "*.sql").Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileNameWithoutExtension(f), File.ReadAllText(f))).ToList();
    }

    public string Statement(string name)
    {
        var path = PathOf(name);
        if (!File.Exists(path)) throw new BadInputException($"offload SQL missing: {path}");
        return File.ReadAllText(path);
    }

    /// <summary>Where a statement comes from, as errors name it (<c>sql/impala/at_paths.sql</c>).</summary>
    public string PathOf(string name) => Path.Combine(Folder, name + ".sql");

    public string Describe(string name) => $"sql/impala/{name}.sql";
}
