namespace BrightFunnel.Warehouse.Generation;

/// <summary>
/// Opportunity.csv: stages consistent with IsClosed/IsWon and with the dates (an opportunity whose
/// expected close passed before R is mostly closed), Amount by segment and a custom ARR__c that
/// differs from it (Amount is the contract value of a 1–3 year deal, ARR__c its recurring part per year).
/// </summary>
static class OpportunityWriter
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "Id", "AccountId", "Name", "StageName", "Amount", "Probability", "CloseDate", "IsClosed", "IsWon", "Type",
        "LeadSource", "CampaignId", "ForecastCategory", "OwnerId", "CreatedDate", "LastModifiedDate", "SystemModstamp",
        "IsDeleted", "ARR__c",
    ];

    /// <summary>Open stages in order, with their probability and forecast category.</summary>
    static readonly (string Stage, int Probability, string Forecast)[] OpenStages =
    [
        ("Prospecting", 10, "Pipeline"), ("Qualification", 20, "Pipeline"), ("Proposal", 50, "BestCase"), ("Negotiation", 75, "Commit"),
    ];

    static readonly string[] Types = ["New Business", "Existing Customer - Upgrade", "Existing Customer - Renewal", "Existing Customer - Replacement"];

    public static void Write(TenantPlan plan, CsvWriter csv)
    {
        csv.WriteHeader(Columns);
        Span<char> id = stackalloc char[18];
        var time = plan.Time;
        for (var o = 0; o < plan.Opportunities; o++)
        {
            var r = Rng.For(plan.Seed, RngStream.OpportunityRows, o);
            var account = plan.OpportunityAccount[o];
            var company = plan.AccountCompany[account];
            var segment = plan.AccountSegment[account];
            var created = plan.OpportunityCreated[o];
            var createdDay = time.DayOf(created);
            var duration = (int)Math.Clamp(r.LogNormal(60, 0.7), 7, 540);
            var closeDay = createdDay + duration;

            string stage; int probability; string forecast; bool closed = false, won = false;
            if (closeDay < Timeline.WindowDays && r.Chance(0.92))
            {
                closed = true;
                won = r.Chance(segment switch { Segment.Enterprise => 0.30, Segment.MidMarket => 0.35, _ => 0.40 });
                (stage, probability, forecast) = won ? ("Closed Won", 100, "Closed") : ("Closed Lost", 0, "Omitted");
            }
            else
            {
                // Open: the further along its expected cycle, the later the stage (stale ones anywhere).
                var progress = closeDay < Timeline.WindowDays ? r.NextDouble() : (Timeline.WindowDays - createdDay) / (double)duration;
                (stage, probability, forecast) = OpenStages[Math.Min(3, (int)(progress * 4))];
            }

            plan.OpportunityIds.Write(o, id);
            csv.Plain(id);
            plan.AccountIds.Write(account, id);
            csv.Plain(id);
            csv.Field(Name(company, createdDay, time, ref r));
            csv.Field(stage);
            decimal? amount = r.Chance(0.01) ? null : Amount(segment, plan.AccountIsMega[account], ref r);
            csv.Field(amount);
            csv.Field((long)probability);
            csv.Field(time.Date(closeDay));
            csv.Field(closed).Field(won);
            var conversion = plan.OpportunityContact[o] >= 0;
            csv.Field(conversion ? "New Business" : r.Chance(0.03) ? null : Types[r.PickWeighted([55, 20, 20, 5])]);
            csv.Field(r.Chance(0.4) ? null : r.Pick(WordLists.LeadSources));
            var campaign = r.Chance(0.25) ? plan.Calendar.Pick(createdDay - r.Next(90), ref r) : -1;
            if (campaign >= 0) { plan.CampaignIds.Write(campaign, id); csv.Plain(id); } else csv.Null();
            csv.Field(forecast);
            plan.WriteOwnerId(ref r, id);
            csv.Plain(id);
            var touched = closed ? Math.Max(created, time.TimeOn(closeDay, ref r)) : created;
            var (modified, system) = time.Modstamps(touched, ref r, 60);
            csv.DateTimeField(created).DateTimeField(modified).DateTimeField(system);
            csv.Field(false);
            csv.Field(amount is { } value && !r.Chance(0.03) ? Arr(value, ref r) : null);
            csv.EndRecord();
        }
    }

    static decimal Amount(Segment segment, bool mega, ref Rng r)
    {
        var median = segment switch { Segment.Enterprise => mega ? 250_000 : 150_000, Segment.MidMarket => 40_000, _ => 12_000 };
        var sigma = segment == Segment.Enterprise ? 0.8 : 0.6;
        return Math.Max(1_000, Math.Round((decimal)r.LogNormal(median, sigma) / 100m) * 100m);
    }

    /// <summary>Annual recurring revenue: the recurring share of the amount, per contract year.</summary>
    static decimal Arr(decimal amount, ref Rng r)
    {
        var years = r.PickWeighted([60, 15, 25]) + 1;
        var recurring = 0.75m + 0.25m * (decimal)r.NextDouble();
        return Math.Round(amount * recurring / years, 2);
    }

    static string Name(Company company, int createdDay, Timeline time, ref Rng r)
    {
        var product = r.Pick(WordLists.ProductWords);
        return r.Next(20) switch
        {
            < 4 => $"{company.Name} - {product}",
            4 => $"{company.BaseName} - \"{product}\" {time.Date(createdDay).Year}",
            _ => $"{company.BaseName} - {product}",
        };
    }
}
