using System.Diagnostics;

namespace BrightFunnel.Warehouse.Tests.Impala;

/// <summary>A small tmpfs a test mounts (the tests run as root), read-only or writable, and unmounts: a real read-only or full file system.</summary>
sealed class Tmpfs : IDisposable
{
    readonly bool ownsFolder;

    public string Path { get; }

    public Tmpfs(string mode, string? at = null)
    {
        ownsFolder = at is null;
        Path = at ?? Directory.CreateTempSubdirectory("bfw-tmpfs-").FullName;
        Mount("-t", "tmpfs", "-o", $"{mode},size=64m", "tmpfs", Path);
    }

    public void Remount(string mode) => Mount("-o", $"remount,{mode}", Path);

    /// <summary>Writes zeros to <c>filler</c> until the kernel answers ENOSPC: a full file system (a new empty file still fits: tmpfs counts inodes apart).</summary>
    public void Fill()
    {
        var chunk = new byte[1 << 20];
        using var filler = new FileStream(System.IO.Path.Combine(Path, "filler"), FileMode.CreateNew);
        try { while (true) filler.Write(chunk); }
        catch (IOException e) when (e.Message.Contains("No space left on device", StringComparison.Ordinal)) { }
    }

    public void Dispose()
    {
        Run("umount", "-l", Path);
        if (ownsFolder) Directory.Delete(Path, true);
    }

    static void Mount(params string[] args) => Assert.AreEqual(0, Run("mount", args), $"mount {string.Join(' ', args)} (the tests run as root)");

    static int Run(string program, params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardError = true })!;
        p.WaitForExit();
        return p.ExitCode;
    }
}
