using BrightFunnel.Warehouse.Events;

namespace BrightFunnel.Warehouse.Orchestrator.Events;

/// <summary>
/// Brings a folder of closed spool segments (<c>*.closed</c>, as the generator writes them) into a
/// tenant's spool, for the shipper to ship. Every file is read first: a torn, unreadable or badly
/// named one, or one holding an event of no known type, refuses the whole import, naming the file, before anything is copied. Each copy is
/// written under a name the shipper ignores and renamed to <c>.closed</c> once complete.
/// </summary>
public sealed class SpoolImport(SpoolFolder spool)
{
    public sealed record Result(int Segments, long Events, int AlreadyInSpool);

    public Result Import(TenantId tenant, string folder)
    {
        if (!Directory.Exists(folder)) throw new BadInputException($"{folder}: no such folder");
        var files = Directory.GetFiles(folder, "*" + SpoolFolder.ClosedExtension).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new BadInputException($"{folder}: no spool segments (*{SpoolFolder.ClosedExtension}) in it");
        long events = 0;
        foreach (var file in files)
        {
            var segment = Path.GetFileNameWithoutExtension(file);
            if (!SegmentConverter.SegmentName().IsMatch(segment))
                throw new BadInputException($"{file}: not a spool segment name (letters, digits, '_', '-', '.'; at most 100)");
            SpoolFields read;
            try { read = SpoolSegmentReader.ReadFields(file); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new BadInputException($"{file}: cannot be read: {e.Message}"); }
            using (read)
            {
                if (read.TornBytes > 0)
                    throw new BadInputException($"{file}: torn or corrupt after {read.Count} event(s) ({read.TornBytes} byte(s) that are not a whole frame): not imported");
                if (read.UnknownType() is { } odd) throw new BadInputException($"{file}: {odd}; not imported");
                events += read.Count;
            }
        }
        Directory.CreateDirectory(spool.TenantFolder(tenant.Value));
        var already = 0;
        foreach (var file in files)
        {
            var segment = Path.GetFileNameWithoutExtension(file);
            var target = spool.ClosedPath(tenant.Value, segment);
            if (File.Exists(target)) { already++; continue; }
            var partial = Path.Combine(spool.TenantFolder(tenant.Value), segment + ".importing");
            File.Copy(file, partial, overwrite: true);
            File.Move(partial, target);
        }
        return new Result(files.Count, events, already);
    }
}
