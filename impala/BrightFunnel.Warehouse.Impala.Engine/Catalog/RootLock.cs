namespace BrightFunnel.Warehouse.Impala.Engine.Catalog;

/// <summary>
/// One engine per root: an exclusive lock on <c>&lt;root&gt;/.catalog/lock</c>, held for the
/// engine's life. DuckDB's own file lock does not do it: DuckDB.NET shares one database among
/// the connections of a process, so a second engine in the same process (the tests) would
/// silently share the catalog. .NET takes FileShare.None as a flock on Unix, which the kernel
/// drops when the process dies, so a killed engine never leaves a stale lock.
/// </summary>
sealed class RootLock : IDisposable
{
    readonly FileStream file;

    RootLock(FileStream file) => this.file = file;

    public static RootLock Acquire(string root, string folder)
    {
        var path = Path.Combine(folder, "lock");
        try
        {
            return new RootLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e) when (IsHeldByAnother(e))
        {
            throw new InvalidOperationException(
                $"the local Impala engine's root {root} is held by another running engine (lock {path}); stop that engine or start this one with another --root", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only or full file system, or no permission: say so, not "held by another engine".
            throw new InvalidOperationException($"the local Impala engine cannot open its lock {path} under its root {root}: {e.Message}", e);
        }
    }

    /// <summary>The flock is taken (EWOULDBLOCK, which .NET reports as a sharing violation).</summary>
    static bool IsHeldByAnother(IOException e) => (e.HResult & 0xFFFF) == 32 || e.HResult == 11;

    public void Dispose() => file.Dispose();
}
