namespace BrightFunnel.Warehouse.Collect;

/// <summary>
/// The collector's settings, section <c>Collect</c> (environment <c>BFW__Collect__…</c>, as for bfw),
/// except the spool root, which is <c>Events:SpoolRoot</c>: the shipper (bfw events) reads the same
/// key, so both point at one folder.
/// </summary>
public sealed class CollectOptions
{
    /// <summary>bf_control, where the site keys are; default <c>Control:ConnectionString</c>, as bfw's.</summary>
    public string ConnectionString { get; set; } = "";
    /// <summary>Loopback unless asked otherwise; a public deployment binds 0.0.0.0 behind its proxy.</summary>
    public string Bind { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 5070;
    /// <summary>The spool root (<c>Events:SpoolRoot</c>); default <c>.bfw/spool</c> of the working directory.</summary>
    public string SpoolRoot { get; set; } = Path.Combine(".bfw", "spool");
    /// <summary>The largest request body taken; more is 413.</summary>
    public int MaxBodyBytes { get; set; } = 64 * 1024;
    /// <summary>Events per second per site key, refilled continuously (token bucket); more is 429.</summary>
    public int EventsPerSecond { get; set; } = 100_000;
    /// <summary>The bucket's size: how many events a key may send at once after a quiet spell.</summary>
    public int EventsBurst { get; set; } = 200_000;
    /// <summary>A segment is closed for the shipper once it holds this many bytes…</summary>
    public long SegmentMaxBytes { get; set; } = 64L * 1024 * 1024;
    /// <summary>…or once it has been open this long (the demo wants events shipped within seconds).</summary>
    public double SegmentMaxAgeSeconds { get; set; } = 10;
    /// <summary>Free space the spool's disk must keep; below it the collector answers 503 rather than fill it.</summary>
    public long MinFreeBytes { get; set; } = 64L * 1024 * 1024;
    /// <summary>How often the site keys are read again from bf_control.</summary>
    public double SiteRefreshSeconds { get; set; } = 10;
    /// <summary>How often the counters are logged (0: never).</summary>
    public double StatusLogSeconds { get; set; } = 60;
    /// <summary>When set, the collector also serves a demo site under /demo/ that sends to this tenant's first site key.</summary>
    public string? DemoTenant { get; set; }
}
