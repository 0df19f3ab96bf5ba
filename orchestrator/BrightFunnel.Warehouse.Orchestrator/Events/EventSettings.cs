namespace BrightFunnel.Warehouse.Orchestrator.Events;

/// <summary>Where the collector's spool is and how the shipper turns it into the event lake (section <c>Events</c> of bfw.json).</summary>
public sealed class EventSettings
{
    /// <summary>The collector's spool: <c>&lt;SpoolRoot&gt;/&lt;tenant&gt;/&lt;segment&gt;.closed</c>. The collector's own setting must name the same folder.</summary>
    public string SpoolRoot { get; set; } = Path.Combine(Directory.GetCurrentDirectory(), ".bfw", "spool");

    /// <summary>Segments converted to Parquet at once; each holds one segment in memory.</summary>
    public int ShipParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>Rows per Parquet row group: large enough for dictionary pages to pay, small enough to read in parallel.</summary>
    public int RowGroupSize { get; set; } = 500_000;

    /// <summary>Segments whose files are written, registered and recorded together; a crash redoes at most one batch.</summary>
    public int SegmentsPerBatch { get; set; } = 64;
}
