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
/// One campaign on one deal's path in one stage (an entry of web_deal_paths): its touches there, the
/// first and last, and every model's credit, the sum of bfw explain's per-touch credits of the campaign.
/// </summary>
public sealed class DealCampaignRow
{
    public string Stage { get; init; } = "";
    public string OpportunityId { get; init; } = "";
    public string CampaignId { get; init; } = "";
    public long Touches { get; init; }
    public DateOnly FirstTouchDate { get; init; }
    public DateOnly LastTouchDate { get; init; }

    /// <summary>Every model's credit; a model absent gives the campaign nothing on this deal.</summary>
    public IReadOnlyDictionary<string, double> Credits { get; init; } = new Dictionary<string, double>();

    public double Credit(string model) => Credits.GetValueOrDefault(model);
}

/// <summary>
/// Reads the packed deal paths (sql/tenant/0024_packed_deal_paths.sql): a deal's campaigns in one stage as
/// entries "campaign|touches|first_day|last_day|credit;credit;…;" separated by a space, the credits in the
/// order of the row's models ("model;model;…;"), empty where a model gives no share.
/// </summary>
public static class PackedDealPaths
{
    /// <summary>A deal's campaigns in one stage (a web_deal_paths row).</summary>
    public static IEnumerable<DealCampaignRow> OfDeal(string path, string models, string stage, string opportunityId) =>
        Entries(path, models).Select(e => new DealCampaignRow
        {
            Stage = stage, OpportunityId = opportunityId, CampaignId = e.CampaignId, Touches = e.Touches, FirstTouchDate = e.First,
            LastTouchDate = e.Last, Credits = e.Credits,
        });

    /// <summary>Every entry of a packed path, its credits by model.</summary>
    public static IEnumerable<(string CampaignId, long Touches, DateOnly First, DateOnly Last, Dictionary<string, double> Credits)> Entries(
        string path, string models)
    {
        var names = models.Split(';', StringSplitOptions.RemoveEmptyEntries);
        foreach (var entry in path.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = entry.Split('|');
            var credits = f.Length == 5 ? f[4].Split(';') : [];
            // Each credit is followed by ';': one more piece than there are models, the last empty.
            if (credits.Length != names.Length + 1)
                throw new FormatException($"a packed deal path entry does not hold {names.Length} credits after 4 fields: '{entry}'");
            var byModel = new Dictionary<string, double>(StringComparer.Ordinal);
            for (var m = 0; m < names.Length; m++)
                if (credits[m].Length > 0) byModel[names[m]] = double.Parse(credits[m], CultureInfo.InvariantCulture);
            yield return (f[0], long.Parse(f[1], CultureInfo.InvariantCulture), PackedLines.Day(f[2]), PackedLines.Day(f[3]), byModel);
        }
    }
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
