namespace BrightFunnel.Warehouse.Orchestrator.Abm;

/// <summary>One line of an uploaded list: an account id (15 or 18 characters) or a bare domain.</summary>
public sealed record TargetListEntry(int Line, string Kind, string Value)
{
    public const string Id = "id", Domain = "domain";
}

/// <summary>
/// A tenant's target account list (docs/abm.md): a rule over accounts (<see cref="Rule"/>, the
/// filter grammar's JSON) or an uploaded file's entries (<see cref="FileName"/>, <see cref="Entries"/>).
/// </summary>
public sealed record TargetList(string Name, string? Rule, string? FileName, IReadOnlyList<TargetListEntry> Entries)
{
    public const string RuleSource = "rule", FileSource = "file";

    public string Source => Rule is null ? FileSource : RuleSource;

    /// <summary>What the list is, as reports show it: the rule, or the file it came from.</summary>
    public string Definition => Rule ?? FileName ?? "";
}
