namespace BrightFunnel.Warehouse.Generation;

/// <summary>
/// How much web activity a size gets. People visit in the same share at every size; the anonymous
/// crowd is what scales the volume to the targets (S ≈ 200k events, M ≈ 3M, L ≈ 30M).
/// </summary>
/// <param name="PersonVisitShare">Share of the people with a usable email who visit (and identify) at least once.</param>
/// <param name="OpportunityResearchShare">Share of opportunities with a contact of their account browsing in the weeks before it was created.</param>
/// <param name="AnonymousVisitors">Visitors who never identify.</param>
/// <param name="UnknownEmailVisitors">Visitors who identify with an email no lead or contact has.</param>
/// <param name="VisitorsPerChunk">Visitors simulated (and written to one segment) per unit of parallel work: about half a million events, so even M (six chunks) keeps two cores busy to the end.</param>
sealed record WebProfile(double PersonVisitShare, double OpportunityResearchShare, int AnonymousVisitors, int UnknownEmailVisitors, int VisitorsPerChunk)
{
    /// <summary>A segment is closed and a new one opened after this many events, as the collector rotates.</summary>
    public const int EventsPerSegment = 1_000_000;

    public static WebProfile For(GeneratorSize size) => size switch
    {
        GeneratorSize.S => new(0.35, 0.5, 19_000, 1_500, 60_000),
        GeneratorSize.M => new(0.35, 0.5, 260_000, 20_000, 60_000),
        GeneratorSize.L => new(0.35, 0.5, 3_000_000, 200_000, 60_000),
        _ => throw new ArgumentOutOfRangeException(nameof(size), size, "unknown size"),
    };
}
