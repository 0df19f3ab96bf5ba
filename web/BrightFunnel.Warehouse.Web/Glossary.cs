using System.Globalization;
using BrightFunnel.Warehouse.Web.Data;

namespace BrightFunnel.Warehouse.Web;

/// <summary>
/// Plain names and one-line definitions of every model and metric, and the sentences that explain a
/// figure: the one place the pages, the API (<c>/api/v1/definitions</c>, route descriptions) and the
/// console (<c>bfw report</c>) read them from, so a figure is explained the same way wherever it is read.
/// </summary>
public static class Glossary
{
    /// <summary>A metric: its key (the API's field name), the name a page gives it, and what it means.</summary>
    public sealed record Term(string Key, string Name, string Definition);

    public static readonly IReadOnlyList<Term> Metrics =
    [
        new("attributedAmount", "Attributed", "The opportunity amount credited to it under the chosen model: each counted touch's share of an opportunity × its amount, summed."),
        new("attributedOpportunities", "Attributed opps", "Opportunities credited to it, counted by share: two half-shares make one."),
        new("influencedAmount", "Influenced", "The full amount of every opportunity it touched, each once, whatever the model."),
        new("influencedOpportunities", "Influenced opps", "How many opportunities it touched."),
        new("touches", "Touches", "Distinct touches counted on the opportunities in view."),
        new("cost", "Cost", "The campaign's actual cost as exported: its whole spend, under every filter."),
        new("roi", "ROI", "Return: attributed ÷ cost, as ×; shown under the filter 'all' only."),
        new("comparisonAmount", "Attributed (comparison)", "The attributed amount in the comparison period: as many fiscal quarters before the range, or a year before."),
        new("change", "Change", "(attributed in the range − attributed in the comparison period) ÷ the comparison's; n/a where the comparison period had nothing."),
        new("unattributed", "Unattributed", "The amount of opportunities with no counted touch: credited to no campaign."),
        new("touches30d", "Touches 30 d", "Touches of the account's people in the 30 days up to the data's as-of date (90 d: 90 days)."),
        new("people30d", "People 30 d", "The account's people with a touch in the 30 days up to the as-of date (90 d: 90 days)."),
        new("openPipeline", "Open pipeline", "The amount of the account's open opportunities."),
        new("wonRevenue", "Won revenue", "The amount of the account's won opportunities."),
    ];

    public static Term Metric(string key) => Metrics.Single(m => m.Key == key);

    static readonly Dictionary<string, string> ModelNames = new()
    {
        ["first_touch"] = "First touch", ["last_touch"] = "Last touch", ["linear"] = "Linear", ["u_shaped"] = "U-shaped",
        ["j_shaped"] = "J-shaped", ["inverse_j"] = "Inverse J", ["custom_xyx"] = "Custom X-Y-X", ["w_shaped"] = "W-shaped",
        ["full_path"] = "Full path", ["time_decay"] = "Time decay",
    };

    /// <summary>A model's plain name: the built-in ones by name, a tenant's own from its id ("my_model" → "My model").</summary>
    public static string ModelName(string model) =>
        ModelNames.TryGetValue(model, out var name) ? name
        : model.Length == 0 ? model : char.ToUpperInvariant(model[0]) + model[1..].Replace('_', ' ');

    /// <summary>What a model does with an opportunity's credit, in one line, from the parameters it ran with.</summary>
    public static string Define(ModelDefinition m) => m.Kind switch
    {
        "first_touch" => "All the credit to the first touch.",
        "last_touch" => "All the credit to the last touch before the stage.",
        "linear" => "Equal credit to every touch.",
        "position" => $"{Percent(m.FirstWeight)} to the first touch, {Percent(m.LastWeight)} to the last, {Percent(m.MiddleWeight)} shared by the touches between.",
        "milestone" => $"{Percent(m.PipelineMilestoneWeight)} to each milestone touch (first touch, lead creation, opportunity creation)" +
                       (m.ClosedWonMilestone == 1
                           ? $"; in revenue {Percent(m.RevenueMilestoneWeight)} to each of those and to the closed-won touch"
                           : m.RevenueMilestoneWeight != m.PipelineMilestoneWeight ? $"; in revenue {Percent(m.RevenueMilestoneWeight)} to each" : "") +
                       "; the rest shared by the other touches.",
        "time_decay" => $"More credit to touches nearer the stage: a touch's weight halves every {Number(m.HalfLifeDays)} days before it.",
        _ => $"A model of kind '{m.Kind}'.",
    };

    /// <summary>How the model grid's change reads.</summary>
    public const string ModelChange =
        "A change is (the model's amount − the baseline's) ÷ the baseline's; n/a where the baseline credited nothing.";

    /// <summary>Why ROI is blank under a filter (docs/decisions/cost-under-a-filter.md).</summary>
    public const string CostUnderAFilter =
        "Under a filter, cost is each campaign's whole spend (nothing says which part was spent on the filter's accounts), so ROI is shown only for the filter 'all'.";

    /// <summary>Why ROI and touches are blank in a date range (docs/decisions/date-ranges.md).</summary>
    public const string CostInARange =
        "In a date range, cost is each campaign's whole spend (it has no date to split it by), so ROI is withheld; touches are left out, since one touch counts on opportunities of several quarters.";

    /// <summary>What a date range covers (docs/decisions/date-ranges.md).</summary>
    public const string DateRanges =
        "Dates are whole fiscal quarters of the created date (pipeline) or of the close date (revenue), counted from the quarter of the data's as-of date; this quarter runs to that date.";

    static string Percent(double? weight) => weight is { } w ? (w * 100).ToString("0.##", CultureInfo.InvariantCulture) + " %" : "?";
    static string Number(double? value) => value is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) : "?";
}
