using BrightFunnel.Warehouse.Orchestrator.Cycle;
namespace BrightFunnel.Warehouse.Orchestrator.Loading;

/// <summary>
/// A load file: rows written as LOAD DATA text (<see cref="LoadDataTextWriter"/>) into
/// <see cref="Path"/>, for <see cref="BulkLoad.FromTsv"/> once disposed.
/// </summary>
public sealed class TsvFileWriter : IDisposable
{
    readonly FileStream file;
    readonly LoadDataTextWriter text;
    bool closed;

    public TsvFileWriter(string path)
    {
        Path = path;
        file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        text = new LoadDataTextWriter(file);
    }

    public string Path { get; }
    public long Rows => text.Rows;

    public void Null() => text.Null();

    public void Value(string? value) => text.Value(value);

    public void Value(long value) => text.Value(value);

    public void Value(double value) => text.Value(value);

    public void Value(bool value) => text.Value(value);

    /// <summary>A value as a MySQL reader returns it (see <see cref="LoadDataTextWriter.Value(object?)"/>).</summary>
    public void Value(object? value) => text.Value(value);

    public void EndRow() => text.EndRow();

    /// <summary>Writes out the rows and closes the file; again, does nothing (ingest closes its rejects early).</summary>
    public void Dispose()
    {
        if (closed) return;
        closed = true;
        using (file) text.Flush();
    }
}
