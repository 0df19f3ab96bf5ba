namespace BrightFunnel.Warehouse.Orchestrator.Loading;

/// <summary>
/// A load file: rows written as LOAD DATA text (<see cref="LoadDataTextWriter"/>) into
/// <see cref="Path"/>, for <see cref="BulkLoad.FromTsv"/> once disposed.
/// </summary>
public sealed class TsvFileWriter : IDisposable
{
    readonly FileStream file;
    readonly LoadDataTextWriter text;

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

    public void EndRow() => text.EndRow();

    public void Dispose()
    {
        text.Flush();
        file.Dispose();
    }
}
