using System.Globalization;

namespace BrightFunnel.Warehouse.Generation;

/// <summary>Campaign.csv: typed campaigns with windows, costs and statuses, some under parent programs.</summary>
static class CampaignWriter
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "Id", "Name", "Type", "Status", "StartDate", "EndDate", "ActualCost", "BudgetedCost", "IsActive", "ParentId",
        "CreatedDate", "LastModifiedDate", "SystemModstamp", "IsDeleted", "Channel__c",
    ];

    public static void Write(TenantPlan plan, CsvWriter csv)
    {
        csv.WriteHeader(Columns);
        Span<char> id = stackalloc char[18];
        var time = plan.Time;
        for (var j = 0; j < plan.Campaigns; j++)
        {
            var r = Rng.For(plan.Seed, RngStream.CampaignRows, j);
            var type = CampaignType.All[plan.CampaignKind[j]];
            var start = plan.CampaignStart[j];
            var end = plan.CampaignEnd[j];
            var startDate = time.Date(start);
            plan.CampaignIds.Write(j, id);
            csv.Plain(id);
            csv.Field(Name(plan, j, ref r));
            csv.Field(type.Type);
            var status = start >= Timeline.WindowDays ? "Planned"
                : end < Timeline.WindowDays ? (r.Chance(0.02) ? "Aborted" : "Completed")
                : "In Progress";
            csv.Field(status);
            csv.Field(startDate).Field(time.Date(end));
            decimal? cost = status == "Planned" || r.Chance(0.05) ? null : RoundTo(r.Between(type.MinCost, type.MaxCost), 10);
            if (plan.CampaignIsProgram[j]) cost = null;
            decimal? budget = r.Chance(0.2) ? null : RoundTo((int)(r.Between(type.MinCost, type.MaxCost) * (0.9 + 0.4 * r.NextDouble())), 100);
            csv.Field(cost).Field(budget);
            csv.Field(status is "Planned" or "In Progress" || (status == "Completed" && r.Chance(0.15)));
            if (plan.CampaignParent[j] >= 0) { plan.CampaignIds.Write(plan.CampaignParent[j], id); csv.Plain(id); } else csv.Null();
            var created = Math.Min(time.TimeOn(start - r.Between(7, 60), ref r), time.EndTicks - TimeSpan.TicksPerDay);
            var (modified, system) = time.Modstamps(created, ref r, 200);
            csv.DateTimeField(created).DateTimeField(modified).DateTimeField(system);
            csv.Field(false);
            csv.Field(type.Channel);
            csv.EndRecord();
        }
    }

    /// <summary>Campaign <paramref name="j"/>'s Name, the first draw from its row stream <paramref name="r"/>.</summary>
    public static string Name(TenantPlan plan, int j, ref Rng r)
    {
        var type = CampaignType.All[plan.CampaignKind[j]];
        return plan.CampaignIsProgram[j]
            ? $"FY{plan.Time.Date(plan.CampaignEnd[j]).Year} {type.Label} Program"
            : string.Create(CultureInfo.InvariantCulture, $"{plan.Time.Date(plan.CampaignStart[j]):yyyy-MM} {type.Label} - {r.Pick(CampaignType.Topics)}");
    }

    static decimal RoundTo(int value, int step) => value / step * step;
}
