using System.Text.RegularExpressions;
using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator.Filters;

public sealed record DynamicFilter(string Name, string Rule);

/// <summary>A tenant's named dynamic filters in <c>bf_control.filters</c>; a rule is compiled before it is stored.</summary>
public sealed partial class FilterStore(string controlConnectionString)
{
    public const string AllOpportunities = "all";

    public void Add(TenantId tenant, string name, string rule, RelativeDates dates)
    {
        if (!NamePattern().IsMatch(name) || name == AllOpportunities)
            throw new BadInputException($"invalid filter name '{name}': 1-100 letters, digits, spaces, '_' or '-', and not '{AllOpportunities}'");
        FilterCompiler.Compile(rule, dates);
        using var c = new MySqlConnection(controlConnectionString);
        c.Execute("""
            INSERT INTO filters (tenant_id, filter_name, rule) VALUES (@tenant, @name, @rule)
            ON DUPLICATE KEY UPDATE rule = VALUES(rule)
            """, new { tenant = tenant.Value, name, rule });
    }

    public IReadOnlyList<DynamicFilter> List(TenantId tenant)
    {
        using var c = new MySqlConnection(controlConnectionString);
        return c.Query<DynamicFilter>("SELECT filter_name AS Name, rule AS Rule FROM filters WHERE tenant_id = @tenant ORDER BY filter_name",
            new { tenant = tenant.Value }).ToList();
    }

    public void Remove(TenantId tenant, string name)
    {
        using var c = new MySqlConnection(controlConnectionString);
        if (c.Execute("DELETE FROM filters WHERE tenant_id = @tenant AND filter_name = @name", new { tenant = tenant.Value, name }) == 0)
            throw new BadInputException($"tenant {tenant} has no filter '{name}'");
    }

    [GeneratedRegex("^[A-Za-z0-9 _-]{1,100}$")]
    private static partial Regex NamePattern();
}
