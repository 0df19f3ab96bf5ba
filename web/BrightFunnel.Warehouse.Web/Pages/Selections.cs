using BrightFunnel.Warehouse.Web.Data;

namespace BrightFunnel.Warehouse.Web.Pages;

/// <summary>A query parameter that names nothing this tenant has: a 400 naming the parameter.</summary>
public sealed class BadSelectionException(string parameter, string message) : Exception(message)
{
    public string Parameter => parameter;
}

/// <summary>Stage, model and filter from the URL, checked against what the tenant's version has; the date range and comparison, checked against their names.</summary>
public static class Selections
{
    public static Selection Parse(IQueryCollection query, Choices choices)
    {
        var stage = Value(query, "stage") ?? "pipeline";
        if (!choices.Stages.Contains(stage)) throw new BadSelectionException("stage", $"stage must be one of {string.Join(", ", choices.Stages)}, got '{stage}'");
        var model = Value(query, "model") ?? (choices.Models.Contains("linear") ? "linear" : choices.Models.FirstOrDefault() ?? "linear");
        if (!choices.Models.Contains(model)) throw new BadSelectionException("model", $"model must be one of {string.Join(", ", choices.Models)}, got '{model}'");
        var filter = Value(query, "filter") ?? "all";
        if (!choices.Filters.Contains(filter)) throw new BadSelectionException("filter", $"filter must be one of {string.Join(", ", choices.Filters)}, got '{filter}'");
        var range = Value(query, "range") ?? "all";
        if (!DateRange.Ranges.Contains(range)) throw new BadSelectionException("range", $"range must be one of {string.Join(", ", DateRange.Ranges)}, got '{range}'");
        var compare = Value(query, "compare") ?? "none";
        if (!DateRange.Compares.Contains(compare)) throw new BadSelectionException("compare", $"compare must be one of {string.Join(", ", DateRange.Compares)}, got '{compare}'");
        if (compare != "none" && range == "all") throw new BadSelectionException("compare", "a comparison needs a date range: give range too");
        return new Selection(stage, model, filter, range, compare);
    }

    static string? Value(IQueryCollection query, string name) => query[name].ToString() is { Length: > 0 } v ? v : null;
}

public static class Limits
{
    public static int Parse(IQueryCollection query, string name, int fallback, int min, int max)
    {
        var text = query[name].ToString();
        if (text.Length == 0) return fallback;
        return int.TryParse(text, out var value) && value >= min && value <= max ? value
            : throw new BadSelectionException(name, $"{name} must be an integer between {min} and {max}, got '{text}'");
    }
}

/// <summary>Ids from a URL, checked for their shape before they reach a query or the cache.</summary>
public static partial class Identifiers
{
    /// <summary>A campaign id: a Salesforce id (15 or 18 letters and digits) or a web campaign's (WEB_ and its channel), at most 18 characters.</summary>
    public static bool IsCampaignId(string id) => CampaignIdPattern().IsMatch(id);

    public static string NotACampaignId(string id) => $"'{id}' is not a campaign id (1 to 18 letters, digits and _)";

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9_]{1,18}$")]
    private static partial System.Text.RegularExpressions.Regex CampaignIdPattern();

    /// <summary>A Salesforce record id (an account's, an opportunity's): 15 or 18 letters and digits.</summary>
    public static bool IsRecordId(string id) => RecordIdPattern().IsMatch(id);

    [System.Text.RegularExpressions.GeneratedRegex("^([A-Za-z0-9]{15}|[A-Za-z0-9]{18})$")]
    private static partial System.Text.RegularExpressions.Regex RecordIdPattern();
}
