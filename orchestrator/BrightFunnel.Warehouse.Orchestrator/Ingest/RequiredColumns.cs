using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;
namespace BrightFunnel.Warehouse.Orchestrator.Ingest;

/// <summary>A column an export must carry, and why the mapping needs it (said in the refusal).</summary>
public sealed record RequiredColumn(string Name, string Why);

/// <summary>
/// The export columns the canonical procedures (<c>sql/tenant/procs/cn_build_*.sql</c>) read to link,
/// date, weigh and classify an object's rows under a tenant's configuration: ids and references,
/// the dates that place a touch or an opportunity, the amount, closed/won, response, channel,
/// cost, tier, and the fields the orphan lead matcher compares. A file without one of them is
/// refused, because loading it would blank that field on every row. Purely descriptive columns
/// (industry, country, titles, roles…) are not required: an export without them keeps their
/// stored values. Keep this in step with the procedures when they start reading a new column.
/// </summary>
public sealed class RequiredColumns(TenantConfig config)
{
    const string Standard = "the canonical procedures read it";

    public IReadOnlyList<RequiredColumn> For(SalesforceObject target)
    {
        var columns = new List<RequiredColumn> { new("Id", "every row is keyed by it") };
        void Need(string name, string why = Standard) => columns.Add(new(name, why));
        switch (target.ApiName)
        {
            case "Account":
                Need("Name", "the orphan lead matcher compares it");
                Need("Website", "the orphan lead matcher compares it");
                Need("CreatedDate");
                Need(config.AccountTierField, $"account_tier_field = {config.AccountTierField}");
                break;
            case "Contact":
                Need("AccountId");
                Need("Email", "the orphan lead matcher compares it");
                Need("CreatedDate");
                break;
            case "Lead":
                Need("Email", "the orphan lead matcher compares it");
                Need("Company", "the orphan lead matcher compares it");
                Need("IsConverted");
                Need("ConvertedContactId");
                Need("ConvertedAccountId");
                Need("CreatedDate");
                break;
            case "Campaign":
                Need(config.ChannelField, $"channel_field = {config.ChannelField}");
                Need(config.CostField, $"cost_field = {config.CostField}");
                break;
            case "CampaignMember":
                Need("CampaignId");
                Need("ContactId");
                Need("LeadId");
                Need("FirstRespondedDate");
                Need("CreatedDate");
                if (config.RespondedStatuses.Count > 0) Need("Status", "responded_statuses is set");
                else Need("HasResponded", "responded_statuses is empty, so HasResponded says who responded");
                break;
            case "Opportunity":
                Need("AccountId");
                Need("StageName");
                Need(config.RevenueField, $"revenue_field = {config.RevenueField}");
                Need("CloseDate");
                Need("CreatedDate");
                if (config.ClosedWonStages.Count == 0)
                {
                    Need("IsClosed", "closed_won_stages is empty, so IsClosed/IsWon say what closed");
                    Need("IsWon", "closed_won_stages is empty, so IsClosed/IsWon say what closed");
                }
                break;
            case "OpportunityContactRole":
                Need("OpportunityId");
                Need("ContactId");
                Need("IsPrimary");
                break;
        }
        // A configured field can coincide with a standard one (channel_field = Type twice over).
        return columns.DistinctBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>
    /// Custom fields the mapping reads as numbers (a custom revenue_field or cost_field, kept in
    /// <c>extra</c>): checked like the DECIMAL(18,2) the procedures cast them to, so <c>abc</c> is a reject, not a 0.
    /// </summary>
    public IReadOnlyList<RawColumn> CustomNumbers(SalesforceObject target, IReadOnlyList<RawColumn> typed)
    {
        var field = target.ApiName switch
        {
            "Opportunity" => config.RevenueField,
            "Campaign" => config.CostField,
            _ => null,
        };
        return field is null || typed.Any(c => c.Name.Equals(field, StringComparison.OrdinalIgnoreCase))
            ? []
            : [new RawColumn(field, RawType.Decimal, 0, 18, 2)];
    }

    /// <summary>
    /// Refuses a header that lacks a required column, naming the file, the columns and why.
    /// Typed columns match case-insensitively, as the loader matches them; a custom field must
    /// match exactly, because the procedures look its key up in <c>extra</c> by that exact name.
    /// </summary>
    public void Check(string file, SalesforceObject target, IReadOnlyList<string> header, IReadOnlyList<RawColumn> typed)
    {
        var missing = For(target).Where(required =>
        {
            var isTyped = typed.Any(c => c.Name.Equals(required.Name, StringComparison.OrdinalIgnoreCase));
            var comparison = isTyped ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            return !header.Any(h => h.Equals(required.Name, comparison));
        }).ToList();
        if (missing.Count == 0) return;
        var names = string.Join(", ", missing.Select(m => m.Name));
        var why = string.Join("; ", missing.Select(m => $"{m.Name}: {m.Why}"));
        throw new BadInputException(missing.Count == 1
            ? $"{file}: column {names} is missing; the mapping needs it ({why}). Nothing was loaded."
            : $"{file}: columns {names} are missing; the mapping needs them ({why}). Nothing was loaded.");
    }
}
