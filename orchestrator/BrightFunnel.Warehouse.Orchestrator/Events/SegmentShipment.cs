namespace BrightFunnel.Warehouse.Orchestrator.Events;

/// <summary>One segment written to the lake: its events by day, and the torn tail it ended with (never acknowledged, not shipped).</summary>
public sealed record SegmentShipment(string Segment, long Events, long TornBytes, DateTime? FirstEventAt, DateTime? LastEventAt, IReadOnlyList<string> Days);

/// <summary>What one ship of a tenant did; <see cref="ConvertSeconds"/> of its <see cref="Seconds"/> went to reading segments and writing Parquet.</summary>
public sealed record ShipReport(string Tenant, int Segments, long Events, long TornBytes, IReadOnlyList<string> Days, int AlreadyShipped, double Seconds)
{
    public double ConvertSeconds { get; init; }

    public double EventsPerSecond => Seconds > 0 ? Events / Seconds : 0;
}
