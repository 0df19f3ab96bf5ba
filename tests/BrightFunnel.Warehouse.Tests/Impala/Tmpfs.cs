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
