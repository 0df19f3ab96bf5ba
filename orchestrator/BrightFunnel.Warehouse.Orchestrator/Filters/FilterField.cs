using System.Text.RegularExpressions;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;

namespace BrightFunnel.Warehouse.Orchestrator.Filters;

public enum FieldType { Text, Number, Date, Boolean }

/// <summary>
/// A field a dynamic filter may name, with the SQL that reads it over <c>cn_opportunities o</c>
/// joined to <c>cn_accounts a</c>. Custom fields (<c>account.custom.Segment__c</c>) read the raw
/// export's JSON; their name travels as a parameter, never as SQL text.
/// </summary>
public sealed partial record FilterField(string Name, FieldType Type, string Sql, string? JsonPath = null)
{
    static readonly IReadOnlyDictionary<string, FilterField> Known = new FilterField[]
    {
        new("account.id", FieldType.Text, "a.account_id"),
        new("account.name", FieldType.Text, "a.name"),
        new("account.website", FieldType.Text, "a.website"),
        new("account.tier", FieldType.Text, "a.tier"),
        new("account.industry", FieldType.Text, "a.industry"),
        new("account.country", FieldType.Text, "a.country"),
        new("account.created_date", FieldType.Date, "a.created_date"),
        new("opportunity.id", FieldType.Text, "o.opportunity_id"),
        new("opportunity.name", FieldType.Text, "o.name"),
        new("opportunity.stage", FieldType.Text, "o.stage"),
        new("opportunity.amount", FieldType.Number, "o.amount"),
        new("opportunity.created_date", FieldType.Date, "o.created_date"),
        new("opportunity.close_date", FieldType.Date, "o.close_date"),
        new("opportunity.is_closed", FieldType.Boolean, "o.is_closed"),
        new("opportunity.is_won", FieldType.Boolean, "o.is_won"),
        new("opportunity.fiscal_year", FieldType.Number, "o.fiscal_year"),
        new("opportunity.fiscal_quarter", FieldType.Number, "o.fiscal_quarter"),
    }.ToDictionary(f => f.Name, StringComparer.Ordinal);

    public static IEnumerable<string> KnownNames => Known.Keys.Append("account.custom.<Field>").Append("opportunity.custom.<Field>");

    public static FilterField Resolve(string name)
    {
        if (Known.TryGetValue(name, out var field)) return field;
        var custom = CustomPattern().Match(name);
        if (custom.Success)
        {
            var alias = custom.Groups["entity"].Value == "account" ? "a" : "o";
            return new FilterField(name, FieldType.Text, $"{alias}.custom", $"$.\"{custom.Groups["field"].Value}\"");
        }
        throw new BadInputException($"unknown field '{name}' (known: {string.Join(", ", KnownNames)})");
    }

    [GeneratedRegex("^(?<entity>account|opportunity)\\.custom\\.(?<field>[A-Za-z][A-Za-z0-9_]{0,79})$")]
    private static partial Regex CustomPattern();
}
