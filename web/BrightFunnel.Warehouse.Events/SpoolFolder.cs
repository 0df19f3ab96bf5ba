namespace BrightFunnel.Warehouse.Events;

/// <summary>
/// The collector's spool on disk: <c>&lt;root&gt;/&lt;tenant&gt;/&lt;segment&gt;.open</c> while a segment is
/// written, renamed to <c>.closed</c> once complete and synced. Segment names sort by the time
/// they were opened. The shipper reads only closed segments; a collector that starts after a
/// crash closes the segments it left open (their torn tails were never acknowledged).
/// </summary>
public sealed class SpoolFolder(string root)
{
    public const string OpenExtension = ".open";
    public const string ClosedExtension = ".closed";

    public string Root { get; } = Path.GetFullPath(root);

    public string TenantFolder(string tenant) => Path.Combine(Root, tenant);

    /// <summary>A new segment's name: its UTC opening time (sortable) and a random suffix.</summary>
    public static string NewSegmentName() =>
        $"{DateTime.UtcNow:yyyyMMdd'T'HHmmssfff'Z'}-{Guid.NewGuid().ToString("N")[..8]}";

    public string OpenPath(string tenant, string segment) => Path.Combine(TenantFolder(tenant), segment + OpenExtension);

    public string ClosedPath(string tenant, string segment) => Path.Combine(TenantFolder(tenant), segment + ClosedExtension);

    /// <summary>Tenants with a spool folder.</summary>
    public IReadOnlyList<string> Tenants() =>
        Directory.Exists(Root) ? Directory.GetDirectories(Root).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList() : [];

    /// <summary>The tenant's closed segments, oldest first, by name (without extension).</summary>
    public IReadOnlyList<string> ClosedSegments(string tenant) => Segments(tenant, ClosedExtension);

    /// <summary>The tenant's open segments (being written, or left by a crash).</summary>
    public IReadOnlyList<string> OpenSegments(string tenant) => Segments(tenant, OpenExtension);

    /// <summary>Marks a complete, synced segment closed: an atomic rename the shipper may then read.</summary>
    public void Close(string tenant, string segment) =>
        File.Move(OpenPath(tenant, segment), ClosedPath(tenant, segment));

    private IReadOnlyList<string> Segments(string tenant, string extension)
    {
        var folder = TenantFolder(tenant);
        if (!Directory.Exists(folder)) return [];
        return Directory.GetFiles(folder, "*" + extension).Select(Path.GetFileNameWithoutExtension).OfType<string>()
            .Order(StringComparer.Ordinal).ToList();
    }
}
