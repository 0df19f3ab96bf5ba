namespace BrightFunnel.Warehouse.Impala.Staging;

/// <summary>
/// Staging into a local folder — the local engine's root, its stand-in for HDFS. A file is
/// written under a hidden name and renamed when complete, so a REFRESH never sees half a file.
/// </summary>
public sealed class LocalStagingStore(string root) : IStagingStore
{
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>An absolute path the engine resolves under its root.</summary>
    public string LocationOf(string folder) => "/" + StagingPaths.Check(folder);

    public async Task WriteFileAsync(string path, Func<Stream, Task> write, CancellationToken ct)
    {
        var target = Path.Combine(Root, StagingPaths.Check(path));
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temporary = Path.Combine(Path.GetDirectoryName(target)!, "." + Path.GetFileName(target) + ".tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, useAsync: true))
                await write(stream);
            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    public Task DeleteFolderAsync(string folder, CancellationToken ct)
    {
        var target = Path.Combine(Root, StagingPaths.Check(folder));
        if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
        return Task.CompletedTask;
    }
}
