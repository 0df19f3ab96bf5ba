namespace BrightFunnel.Warehouse.Collect.Spool;

/// <summary>When a segment is closed, and how much free disk the spool must leave.</summary>
public sealed record SpoolLimits(long SegmentMaxBytes, TimeSpan SegmentMaxAge, long MinFreeBytes)
{
    const int ENOSPC = 28, EDQUOT = 122;

    /// <summary>Throws <see cref="SpoolFullException"/> when the spool's disk has less free space than the reserve.</summary>
    public void RequireFreeSpace(string root)
    {
        if (MinFreeBytes <= 0) return;
        var free = new DriveInfo(root).AvailableFreeSpace;
        if (free < MinFreeBytes)
            throw new SpoolFullException($"the spool's disk has {free} bytes free, under the reserve of {MinFreeBytes} (Collect:MinFreeBytes)");
    }

    /// <summary>No space left on the device (or quota): .NET reports the errno in the low bits of HResult.</summary>
    public static bool IsDiskFull(IOException e) => (e.HResult & 0xFFFF) is ENOSPC or EDQUOT || e.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase);
}
