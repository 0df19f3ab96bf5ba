using System.Globalization;
using System.Text.Json;

namespace BrightFunnel.Warehouse.Web.Data;

/// <summary>An opportunity as the drill-down names it (web_deals).</summary>
public sealed class DealRow
{
    public string OpportunityId { get; init; } = "";
    public string? Name { get; init; }
    public string? AccountName { get; init; }
    public decimal Amount { get; init; }
    [System.Text.Json.Serialization.JsonIgnore]
    public DateTime CreatedDateTime { get; init; }
    [System.Text.Json.Serialization.JsonIgnore]
    public DateTime? CloseDateTime { get; init; }
    public DateOnly CreatedDate => DateOnly.FromDateTime(CreatedDateTime);
    public DateOnly? CloseDate => CloseDateTime is { } d ? DateOnly.FromDateTime(d) : null;
    public bool IsWon { get; init; }
    /// <summary>The dynamic filters that keep it ('all' keeps every one).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string FiltersJson { get; init; } = "[]";

    public IReadOnlyList<string> Filters => field ??= JsonSerializer.Deserialize<List<string>>(FiltersJson) ?? [];

    [System.Text.Json.Serialization.JsonIgnore]
    public string Title => Name ?? OpportunityId;

    public bool In(string filter) => filter == "all" || Filters.Contains(filter);

    /// <summary>The date a stage reports the deal on: created for pipeline, closed for revenue.</summary>
    public DateOnly? DateOf(string stage) => stage == "pipeline" ? CreatedDate : CloseDate;
}

/// <summary>
/// One campaign on one deal's path in one stage (web_deal_campaigns): its touches there, the first and
/// last, and every model's credit, the sum of bfw explain's per-touch credits of the campaign.
/// </summary>
public sealed class DealCampaignRow
{
    public string Stage { get; init; } = "";
    public string OpportunityId { get; init; } = "";
    public string CampaignId { get; init; } = "";
    public long Touches { get; init; }
    public DateTime FirstTouchDate { get; init; }
    public DateTime LastTouchDate { get; init; }
    [System.Text.Json.Serialization.JsonIgnore]
    public string CreditsText { get; init; } = "";

    /// <summary>Every model's credit; a model absent gives the campaign nothing on this deal.</summary>
    public IReadOnlyDictionary<string, double> Credits => field ??= Parse(CreditsText);

    public double Credit(string model) => Credits.GetValueOrDefault(model);

    /// <summary>"model=credit;…" as the aggregate step writes it.</summary>
    public static IReadOnlyDictionary<string, double> Parse(string text) =>
        text.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
}

/// <summary>A deal a campaign touched in a stage: the deal, and the campaign's part of its path.</summary>
public sealed record CampaignDeal(DealRow Deal, DealCampaignRow Path);

/// <summary>One campaign on a deal's path, with its name and channel.</summary>
public sealed record DealPathStep(string CampaignId, string Name, string Channel, long Touches, DateOnly FirstTouchDate, DateOnly LastTouchDate,
    IReadOnlyDictionary<string, double> Credits);

/// <summary>A deal's path in one stage: its campaigns by first touch, and each model's total (the attributed amount).</summary>
public sealed record DealStagePath(string Stage, IReadOnlyList<DealPathStep> Campaigns, IReadOnlyDictionary<string, double> Totals);

/// <summary>One deal with its path in each stage it is attributed in.</summary>
public sealed record DealPath(DealRow Deal, IReadOnlyList<DealStagePath> Stages);
