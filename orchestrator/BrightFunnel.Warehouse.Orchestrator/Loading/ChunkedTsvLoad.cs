using System.Diagnostics;

namespace BrightFunnel.Warehouse.Orchestrator.Loading;

/// <summary>
/// Rows written into load files of a temporary folder (<see cref="ChunkedTsvWriter"/>) while
/// <see cref="BackgroundLoader{TChunk}"/> workers load the finished ones: the server loads one chunk
/// while the next is written. A failed write stops the workers after the chunks in flight; the
/// caller decides what becomes of what they loaded. The folder is gone afterwards either way.
/// </summary>
static class ChunkedTsvLoad
{
    /// <param name="loader">Loads a chunk file (and deletes it); disposed here.</param>
    /// <param name="write">Writes every row; what it returns is handed back.</param>
    /// <returns>What <paramref name="write"/> returned, the rows loaded, and how long the writing took (the rest was waiting for the last chunks).</returns>
    public static (T Written, long Loaded, TimeSpan Writing) Run<T>(BackgroundLoader<string> loader, int rowsPerChunk, Func<ChunkedTsvWriter, T> write)
    {
        using var owned = loader;
        var folder = Directory.CreateTempSubdirectory("bfw-load-").FullName;
        try
        {
            var clock = Stopwatch.StartNew();
            T written;
            using (var rows = new ChunkedTsvWriter(folder, rowsPerChunk, loader.Add))
            {
                try
                {
                    written = write(rows);
                    rows.Complete();
                }
                catch
                {
                    loader.Abort();
                    throw;
                }
            }
            var writing = clock.Elapsed;
            return (written, loader.Finish(), writing);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }
}
