using System.Text.RegularExpressions;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator;

/// <summary>
/// A validated tenant id (<c>[a-z][a-z0-9_]{1,30}</c>). Every path from user input to SQL goes
/// through <see cref="Parse"/>, so a bad id is refused before any connection is opened.
/// </summary>
public readonly partial record struct TenantId
{
    public string Value { get; }

    TenantId(string value) => Value = value;

    public string DatabaseName => $"bf_t_{Value}";

    /// <summary>
    /// Ids that name a folder of the staging store beside the tenants' own: a tenant called
    /// <c>events</c> would have its run staging in the folder that holds every tenant's event lake.
    /// </summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal) { "events" };

    public static TenantId Parse(string? text) =>
        TryParse(text, out var id) ? id
            : Reserved.Contains(text ?? "")
                ? throw new BadInputException($"invalid tenant id '{text}': reserved (the staging store's folder of the event lake)")
                : throw new BadInputException($"invalid tenant id '{text}': use 2-31 characters, a lowercase letter then lowercase letters, digits or '_'");

    public static bool TryParse(string? text, out TenantId id)
    {
        id = default;
        if (text is null || !Pattern().IsMatch(text) || Reserved.Contains(text)) return false;
        id = new TenantId(text);
        return true;
    }

    public override string ToString() => Value;

    [GeneratedRegex("^[a-z][a-z0-9_]{1,30}$")]
    private static partial Regex Pattern();
}
