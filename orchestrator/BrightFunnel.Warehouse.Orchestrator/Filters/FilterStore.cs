using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Filters;

public sealed record DynamicFilter(string Name, string Rule);

/// <summary>A tenant's named dynamic filters in <c>bf_control.filters</c>; a rule is compiled before it is stored.</summary>
public sealed partial class FilterStore(string controlConnectionString)
{
    public const string AllOpportunities = "all";

    /// <summary>
    /// Stores a filter. The same rule again changes nothing (rules compare as JSON, so spacing does not
    /// matter); another rule under an existing name is refused unless <paramref name="replace"/>.
    /// </summary>
    public Registration Add(TenantId tenant, string name, string rule, RelativeDates dates, bool replace = false)
    {
        name = CleanName(name);
        if (!NamePattern().IsMatch(name) || name.Contains("  ", StringComparison.Ordinal) || Fold(name) == AllOpportunities)
            throw new BadInputException(
                $"invalid filter name '{name}': 1-100 ASCII letters, digits, '_', '-' or single spaces between words, and not '{AllOpportunities}'");
        FilterCompiler.Compile(rule, dates);
        using var c = DbConnections.Control(controlConnectionString);
        // The name is what marketers pick in reports: two names a person cannot tell apart would
        // show two rows that look like one.
        var lookalike = c.Query<string>("SELECT filter_name FROM filters WHERE tenant_id = @tenant", new { tenant = tenant.Value })
            .FirstOrDefault(n => n != name && Fold(n) == Fold(name));
        if (lookalike is not null)
            throw new BadInputException(
                $"filter name '{name}' is too like the existing filter '{lookalike}' of {tenant} (they differ only in case, spaces, '_' or '-'): use '{lookalike}' or a distinct name");
        var existing = c.QuerySingleOrDefault<string?>("SELECT rule FROM filters WHERE tenant_id = @tenant AND filter_name = @name",
            new { tenant = tenant.Value, name });
        if (existing is null)
        {
            c.Execute("INSERT INTO filters (tenant_id, filter_name, rule) VALUES (@tenant, @name, @rule)", new { tenant = tenant.Value, name, rule });
            return Registration.Added;
        }
        if (JsonNode.DeepEquals(JsonNode.Parse(existing), JsonNode.Parse(rule))) return Registration.Unchanged;
        var change = $"rule {existing} → {rule}";
        if (!replace) throw new BadInputException($"tenant {tenant} has a filter '{name}' with another rule ({change}): pass --replace to change it");
        c.Execute("UPDATE filters SET rule = @rule WHERE tenant_id = @tenant AND filter_name = @name", new { tenant = tenant.Value, name, rule });
        return new Registration(true, [change]);
    }

    public IReadOnlyList<DynamicFilter> List(TenantId tenant)
    {
        using var c = DbConnections.Control(controlConnectionString);
        return c.Query<DynamicFilter>("SELECT filter_name AS Name, rule AS Rule FROM filters WHERE tenant_id = @tenant ORDER BY filter_name",
            new { tenant = tenant.Value }).ToList();
    }

    public void Remove(TenantId tenant, string name)
    {
        name = CleanName(name);
        using var c = DbConnections.Control(controlConnectionString);
        if (c.Execute("DELETE FROM filters WHERE tenant_id = @tenant AND filter_name = @name", new { tenant = tenant.Value, name }) == 0)
            throw new BadInputException($"tenant {tenant} has no filter '{name}'");
    }

    /// <summary>
    /// A name as typed, without the spaces around it: MariaDB compares names with trailing spaces
    /// ignored, so "Tier 1 " would otherwise reach another filter than the one it was stored as.
    /// </summary>
    public static string CleanName(string name) => name.Trim();

    /// <summary>What a reader sees of a name: case, and the separators space, '_' and '-', do not tell names apart.</summary>
    static string Fold(string name) => string.Join(' ', name.ToLowerInvariant().Split([' ', '_', '-'], StringSplitOptions.RemoveEmptyEntries));

    [GeneratedRegex("^[A-Za-z0-9 _-]{1,100}$")]
    private static partial Regex NamePattern();
}
