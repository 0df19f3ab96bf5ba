namespace BrightFunnel.Warehouse.Generation;

/// <summary>What a tagged link's utm_campaign says, and the Salesforce campaign it names (null when none).</summary>
readonly record struct UtmCampaign(string? Value, string? SalesforceId);

/// <summary>
/// The utm_campaign values tagged links carry: a generated campaign running that day, named by its
/// exact Name or by its 18-character id, a campaign the CRM does not know, or none at all. A name
/// only serves when no other campaign has it (compared without case, as a MySQL collation would),
/// so the truth never depends on which of two namesakes a resolver prefers.
/// </summary>
sealed class WebCampaigns
{
    static readonly string[] Unknown = ["brand-search", "retargeting", "competitor-terms", "spring-promo", "linkedin-lead-gen", "monthly-digest", "partner-newsletter"];

    readonly TenantPlan plan;
    readonly string[] names;
    readonly bool[] uniqueName;

    public WebCampaigns(TenantPlan plan)
    {
        this.plan = plan;
        names = new string[plan.Campaigns];
        for (var j = 0; j < plan.Campaigns; j++)
        {
            var r = Rng.For(plan.Seed, RngStream.CampaignRows, j);
            names[j] = CampaignWriter.Name(plan, j, ref r);
        }
        var counts = names.CountBy(n => n, StringComparer.OrdinalIgnoreCase).ToDictionary(StringComparer.OrdinalIgnoreCase);
        uniqueName = [.. names.Select(n => counts[n] == 1)];
        Ids = [.. Enumerable.Range(0, plan.Campaigns).Select(j => plan.CampaignIds.Get(j))];
    }

    public string[] Ids { get; }

    public UtmCampaign Pick(int day, ref Rng rng)
    {
        var x = rng.NextDouble();
        if (x < 0.1) return new(null, null);
        var j = x < 0.3 ? -1 : plan.Calendar.Pick(day, ref rng);
        if (j < 0) return new($"{rng.Pick(Unknown)}-{plan.Time.Date(Math.Max(0, day)).Year}", null);
        return rng.Chance(0.55) && uniqueName[j] ? new(names[j], Ids[j]) : new(Ids[j], Ids[j]);
    }
}
