namespace BrightFunnel.Warehouse.Impala.Staging;

/// <summary>
/// Where staged files go: a local folder (the local engine's root) or HDFS through WebHDFS.
/// Paths are relative to the store's base and use '/'.
/// </summary>
public interface IStagingStore
{
    /// <summary>The LOCATION to give Impala for a folder of this store.</summary>
    string LocationOf(string folder);

    /// <summary>Writes one file; it becomes visible to readers only once complete.</summary>
    Task WriteFileAsync(string path, Func<Stream, Task> write, CancellationToken ct);

    /// <summary>Deletes a folder and everything under it; a missing folder is not an error.</summary>
    Task DeleteFolderAsync(string folder, CancellationToken ct);
}

static class StagingPaths
{
    /// <summary>Each segment a plain name (tenant ids, run ids, table names, Hive partition folders such as <c>day=2026-12-01</c>): nothing can climb out of the base.</summary>
    public static string Check(string path)
    {
        var segments = path.Split('/');
        foreach (var s in segments)
            if (s.Length == 0 || s is "." or ".." || !s.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '='))
                throw new ArgumentException($"not a safe staging path: '{path}'");
        return path;
    }
}
