namespace BrightFunnel.Warehouse.Generation;

/// <summary>
/// A kind of campaign: its Salesforce Type (null for the untyped ones), its Channel__c, how often it
/// occurs, how long it runs, how many members it draws per day, how many of them respond and with
/// which member statuses, and what it costs.
/// </summary>
sealed record CampaignType(
    string? Type,
    string? Channel,
    double Share,
    int MinDays,
    int MaxDays,
    double MemberWeight,
    double RespondChance,
    string[] RespondedStatuses,
    string[] OtherStatuses,
    int MinCost,
    int MaxCost,
    string Label)
{
    public static readonly CampaignType[] All =
    [
        new("Webinar", "Webinars", 0.20, 1, 1, 1.0, 0.50, ["Attended"], ["Registered", "No Show"], 500, 5_000, "Webinar"),
        new("Trade Show", "Events", 0.09, 1, 3, 1.6, 0.55, ["Visited Booth", "Attended"], ["Registered", "Invited"], 10_000, 120_000, "Trade Show"),
        new("Conference", "Events", 0.06, 1, 3, 1.2, 0.55, ["Attended"], ["Registered", "Invited"], 5_000, 80_000, "Conference"),
        new("Email", "Email", 0.20, 1, 10, 3.0, 0.32, ["Clicked", "Responded"], ["Sent", "Opened"], 0, 2_000, "Email Blast"),
        new("Email", "Email", 0.06, 60, 365, 2.0, 0.35, ["Clicked"], ["Sent", "Opened"], 0, 5_000, "Nurture"),
        new("Advertisement", "Paid Media", 0.12, 30, 120, 2.0, 0.60, ["Clicked", "Form Fill"], ["Sent"], 5_000, 60_000, "Paid Search"),
        new("Direct Mail", "Direct Mail", 0.05, 7, 30, 0.6, 0.25, ["Responded"], ["Sent"], 2_000, 20_000, "Direct Mail"),
        new("Content Syndication", "Content Syndication", 0.09, 30, 90, 1.5, 0.65, ["Downloaded"], ["Sent"], 5_000, 40_000, "Content Syndication"),
        new("Partners", "Partner", 0.05, 90, 365, 0.5, 0.60, ["Responded"], ["Sent"], 0, 10_000, "Partner Program"),
        new("Referral Program", "Referral", 0.04, 90, 365, 0.3, 0.70, ["Responded"], ["Sent"], 0, 5_000, "Referral Program"),
        new(null, null, 0.04, 1, 30, 0.5, 0.50, ["Responded"], ["Sent"], 0, 3_000, "Misc"),
    ];

    static readonly double[] Shares = All.Select(t => t.Share).ToArray();

    public static int PickIndex(ref Rng rng) => rng.PickWeighted(Shares);

    public static readonly string[] Topics =
    [
        "Attribution 101", "Pipeline, Explained", "\"Revenue\" Marketing Summit", "ABM Playbook", "Q3 Product Launch",
        "Brand Search", "Competitor Conquest", "Holiday Promo", "The CFO's Guide", "Customer Stories",
        "Data Quality Clinic", "Partner Roadshow", "Benchmark Report", "Executive Dinner", "Spring Release",
        "Retargeting", "Free Trial", "Analyst Report, 2nd Edition", "Ops Masterclass", "Year in Review",
    ];
}
