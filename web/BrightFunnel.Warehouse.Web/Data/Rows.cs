namespace BrightFunnel.Warehouse.Web.Data;

/// <summary>
/// The published version a response shows: every row of a response comes from this one. Currency: the
/// amounts' currency (ISO 4217, the tenant's configuration); FiscalYearStartMonth: the month the tenant's
/// fiscal year starts (1-12), so the as-of date's fiscal quarter is known; each null when published before it was kept.
/// </summary>
public sealed record Publication(long Version, long? RunId, DateTime PublishedAt, DateTime? AsOfDate, string? Currency, int? FiscalYearStartMonth = null)
{
    /// <summary>UTC, as publish writes it (UTC_TIMESTAMP): the API shows it with its Z.</summary>
    public DateTime PublishedAt { get; } = DateTime.SpecifyKind(PublishedAt, DateTimeKind.Utc);

    [System.Text.Json.Serialization.JsonIgnore]
    public DateTime? AsOfDate { get; } = AsOfDate;

    /// <summary>
    /// The day the 30- and 90-day windows end: the data's last day with a touch, never after the run
    /// date (null: published before it was kept).
    /// </summary>
    public DateOnly? AsOf => AsOfDate is { } d ? DateOnly.FromDateTime(d) : null;
}

/// <summary>
/// Stage, model and dynamic filter of a view, and its date range and comparison (<see cref="DateRange"/>),
/// as given in the URL.
/// </summary>
public sealed record Selection(string Stage, string Model, string Filter, string Range = "all", string Compare = "none");

/// <summary>What a campaign or a channel produced under one stage, model and filter: the figures both tables show.</summary>
public abstract class PerformanceRow
{
    public double AttributedAmount { get; init; }
    public double AttributedOpportunities { get; init; }
    public decimal InfluencedAmount { get; init; }
    public long InfluencedOpportunities { get; init; }
    /// <summary>Null under a date range: one touch counts on opportunities of several quarters, so touches do not add up over quarters.</summary>
    public long? Touches { get; init; }
    public decimal? Cost { get; init; }
    public double? Roi { get; init; }

    /// <summary>The attributed amount in the comparison period (absent without one).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public double? ComparisonAmount { get; init; }

    /// <summary>(attributed − comparison) ÷ comparison; null where the comparison period had nothing (absent without one).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public double? Change { get; init; }
}

public sealed class CampaignRow : PerformanceRow
{
    /// <summary>Empty for the unattributed row: the amount no campaign got credit for.</summary>
    public string CampaignId { get; init; } = "";
    public string? CampaignName { get; init; }
    public string Channel { get; init; } = "";
    public bool Unattributed => CampaignId.Length == 0;
    public string Name => Unattributed ? "(unattributed)" : CampaignName ?? CampaignId;
    /// <summary>A campaign of <paramref name="channel"/> (the unattributed row is no channel's).</summary>
    public bool InChannel(string channel) => !Unattributed && Channel == channel;
}

public sealed class ChannelRow : PerformanceRow
{
    /// <summary>The channel name bf_web gives the unattributed row.</summary>
    public const string UnattributedChannel = "(unattributed)";

    public string Channel { get; init; } = "";
    public bool Unattributed => Channel == UnattributedChannel;
}

public sealed class QuarterRow
{
    public int FiscalYear { get; init; }
    public int FiscalQuarter { get; init; }
    public long Opportunities { get; init; }
    public decimal TotalAmount { get; init; }
    public double AttributedAmount { get; init; }
    public double AttributedOpportunities { get; init; }
    public decimal UnattributedAmount { get; init; }
    public long UnattributedOpportunities { get; init; }
    public string Label => $"FY{FiscalYear} Q{FiscalQuarter}";
}

public sealed class AccountRow
{
    public string AccountId { get; init; } = "";
    public string? AccountName { get; init; }
    public long Touches30d { get; init; }
    public long Touches90d { get; init; }
    public long People30d { get; init; }
    public long People90d { get; init; }
    public DateTime? LastTouchDate { get; init; }
    public decimal OpenPipeline { get; init; }
    public decimal WonRevenue { get; init; }
    public double AttributedAmount { get; init; }
}

/// <summary>Web sessions of one channel in one ISO week (its Monday).</summary>
public sealed class WebChannelWeekRow
{
    public string Channel { get; init; } = "";
    public DateTime WeekStart { get; init; }
    public long Sessions { get; init; }
    public long IdentifiedVisitors { get; init; }
    public long PageViews { get; init; }
}

/// <summary>A page viewed by an opportunity's people before the opportunity was created.</summary>
public sealed class WebTopPageRow
{
    public string Path { get; init; } = "";
    public long Views { get; init; }
    public long People { get; init; }
    public long Opportunities { get; init; }
}

/// <summary>The tenant's web activity as published: sessions per channel and week, top pages before opportunities.</summary>
public sealed record WebActivity(IReadOnlyList<WebChannelWeekRow> ChannelWeeks, IReadOnlyList<WebTopPageRow> TopPages);

/// <summary>One campaign's or channel's numbers under one model: a row of the side-by-side view.</summary>
public sealed class ModelRow
{
    public string Model { get; init; } = "";
    public double AttributedAmount { get; init; }
    public double AttributedOpportunities { get; init; }
    public decimal InfluencedAmount { get; init; }
    public long Touches { get; init; }
    public double? Roi { get; init; }
}

/// <summary>
/// Channels or campaigns (rows) × models (columns): attributed amounts under one stage and filter,
/// and each model's change against the baseline model. Models in the order the selector lists them.
/// </summary>
public sealed record ModelGrid(string Rows, string Baseline, IReadOnlyList<string> Models, IReadOnlyList<ModelGridRow> Items);

/// <summary>
/// One channel or campaign: its amount per model, and per model the change against the baseline as
/// a fraction (0.25 = 25 % more; null where the baseline gave it nothing, so no ratio exists).
/// </summary>
public sealed record ModelGridRow(string Key, string Name, IReadOnlyDictionary<string, double> Amounts, IReadOnlyDictionary<string, double?> Changes);

/// <summary>What a tenant's published version offers to choose from.</summary>
public sealed record Choices(IReadOnlyList<string> Stages, IReadOnlyList<string> Models, IReadOnlyList<string> Filters);
