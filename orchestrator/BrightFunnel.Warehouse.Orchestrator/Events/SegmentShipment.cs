namespace BrightFunnel.Warehouse.Orchestrator.Events;

/// <summary>One segment written to the lake: its events by day, and the torn tail it ended with (never acknowledged, not shipped).</summary>
public sealed record SegmentShipment(string Segment, long Events, long TornBytes, DateTime? FirstEventAt, DateTime? LastEventAt, IReadOnlyList<string> Days);

/// <summary>What one ship of a tenant did; <see cref="ConvertSeconds"/> of its <see cref="Seconds"/> went to reading segments and writing Parquet.</summary>
public sealed record ShipReport(string Tenant, int Segments, long Events, long TornBytes, IReadOnlyList<string> Days, int AlreadyShipped, double Seconds)
{
    public double ConvertSeconds { get; init; }

    public double EventsPerSecond => Seconds > 0 ? Events / Seconds : 0;

    /// <summary>The days shipped as a range, e.g. <c>2021-02-15..2024-02-15 (1096)</c>: a backfill of years stays one short line.</summary>
    public string DayRange => Days.Count switch
    {
        0 => "none",
        1 => Days[0],
        _ => $"{Days[0]}..{Days[^1]} ({Days.Count})",
    };
}
