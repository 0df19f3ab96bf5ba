using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Tenants;
namespace BrightFunnel.Warehouse.Orchestrator.Ingest;

/// <summary>A Salesforce object we ingest: its export file name and its raw table.</summary>
public sealed record SalesforceObject(string ApiName, string RawTable)
{
    public static readonly IReadOnlyList<SalesforceObject> All =
    [
        new("Account", "raw_account"),
        new("Contact", "raw_contact"),
        new("Lead", "raw_lead"),
        new("Campaign", "raw_campaign"),
        new("CampaignMember", "raw_campaign_member"),
        new("Opportunity", "raw_opportunity"),
        new("OpportunityContactRole", "raw_opportunity_contact_role"),
    ];

    /// <summary>The object an export file holds, from its name: <c>Account.csv</c>, <c>campaignmember.csv</c>, <c>Opportunity_2024-01.csv</c>.</summary>
    public static SalesforceObject ForFile(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        var stem = name.Split('_', '-', '.')[0];
        return All.FirstOrDefault(o => string.Equals(o.ApiName, stem, StringComparison.OrdinalIgnoreCase))
               ?? throw new BadInputException(
                   $"{Path.GetFileName(path)}: unknown Salesforce object '{stem}' (expected one of {string.Join(", ", All.Select(o => o.ApiName))})");
    }
}
