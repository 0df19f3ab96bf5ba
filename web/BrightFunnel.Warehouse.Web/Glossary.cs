namespace BrightFunnel.Warehouse.Web;

/// <summary>
/// Sentences the pages, the API's documentation and the console (<c>bfw report</c>) say alike, so a
/// figure is explained the same way wherever it is read.
/// </summary>
public static class Glossary
{
    /// <summary>How the model grid's change reads.</summary>
    public const string ModelChange =
        "A change is (the model's amount − the baseline's) ÷ the baseline's; n/a where the baseline credited nothing.";

    /// <summary>Why ROI is blank under a filter (docs/decisions/cost-under-a-filter.md).</summary>
    public const string CostUnderAFilter =
        "Under a filter, cost is each campaign's whole spend (nothing says which part was spent on the filter's accounts), so ROI is shown only for the filter 'all'.";
}
