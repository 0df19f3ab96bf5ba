using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Tenants;
namespace BrightFunnel.Warehouse.Orchestrator.Loading;

/// <summary>
/// Writes rows like <see cref="TsvFileWriter"/>, but into a series of load files of at most
/// <c>rowsPerChunk</c> rows, handing each full file to <c>onChunk</c>: the database can load one
/// chunk while the next is still being validated.
/// </summary>
public sealed class ChunkedTsvWriter(string folder, int rowsPerChunk, Action<string> onChunk) : IDisposable
{
    TsvFileWriter? current;
    int chunks;

    public long Rows { get; private set; }

    public void Value(string? value) => Current().Value(value);

    public void Value(bool value) => Current().Value(value);

    public void Value(long value) => Current().Value(value);

    public void Value(double value) => Current().Value(value);

    /// <summary>A value as a MySQL reader returns it (see <see cref="LoadDataTextWriter.Value(object?)"/>).</summary>
    public void Value(object? value) => Current().Value(value);

    public void EndRow()
    {
        var writer = Current();
        writer.EndRow();
        Rows++;
        if (writer.Rows >= rowsPerChunk) HandOver();
    }

    /// <summary>Hands over the last, partly filled chunk; call once every row is written.</summary>
    public void Complete()
    {
        if (current is not null) HandOver();
    }

    TsvFileWriter Current() => current ??= new TsvFileWriter(Path.Combine(folder, $"rows-{chunks++:D4}.tsv"));

    void HandOver()
    {
        var writer = current!;
        current = null;
        writer.Dispose();
        onChunk(writer.Path);
    }

    public void Dispose() => current?.Dispose();
}
