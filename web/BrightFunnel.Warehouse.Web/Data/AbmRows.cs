namespace BrightFunnel.Warehouse.Web.Data;

/// <summary>A target account list as the last engage step evaluated it (docs/abm.md).</summary>
public sealed record AbmListRow(string ListName, string Source, string Definition, long Accounts, long UnmatchedEntries,
    long EngagedThisQuarter, string? QuarterLabel, string? Model);

/// <summary>A list's account: engagement now and its 13-week trend (scores, oldest first), pipeline, revenue, latest spike.</summary>
public sealed record TargetAccountRow(string AccountId, string? AccountName, string? Tier, double Score, string Trend, bool EngagedThisQuarter,
    decimal OpenPipeline, decimal WonRevenue, double AttributedRevenue, DateTime? LatestSpikeWeek, double? LatestSpikeScore)
{
    public IReadOnlyList<double> TrendScores => Trend.Split(',', StringSplitOptions.RemoveEmptyEntries)
        .Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToList();
}

public sealed record AccountWeekRow(DateTime WeekStart, long PeopleEngaged, long CampaignTouches, long WebSessions, long PageViews,
    long NewLeads, long NewContacts, long OppsOpened, decimal PipelineOpened, double Points, double Score, double TrailingMean,
    double TrailingSd, bool IsSpike);

public sealed record SpikeCauseRow(string CauseKind, string Cause, double Points);

public sealed record AccountSpikeRow(DateTime WeekStart, double Score, double TrailingMean, double TrailingSd, long People, string? TopChannel)
{
    public IReadOnlyList<SpikeCauseRow> Causes { get; init; } = [];
}

public sealed record JourneyRow(long Seq, DateTime EventDate, string Kind, string? PersonId, string? PersonEmail, string? Label,
    string? Channel, long Events, decimal? Amount);

public sealed record ModelCreditRow(string Model, double AttributedAmount, double AttributedOpportunities);

/// <summary>One target account's journey: its weeks, spikes with causes, timeline and the models' credit for its won deals.</summary>
public sealed record AccountJourney(string AccountId, string? AccountName, string? Tier, IReadOnlyList<AccountWeekRow> Weeks,
    IReadOnlyList<AccountSpikeRow> Spikes, IReadOnlyList<JourneyRow> Timeline, IReadOnlyList<ModelCreditRow> WonCredit);
