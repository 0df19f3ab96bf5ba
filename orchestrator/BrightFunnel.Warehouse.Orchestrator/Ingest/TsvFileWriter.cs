using System.Text;

namespace BrightFunnel.Warehouse.Orchestrator.Ingest;

/// <summary>
/// Writes rows in the text format <c>LOAD DATA</c> reads by default: tab-separated, newline-terminated,
/// backslash escapes, <c>\N</c> for null.
/// </summary>
public sealed class TsvFileWriter : IDisposable
{
    readonly StreamWriter writer;
    bool firstInRow = true;

    public TsvFileWriter(string path)
    {
        Path = path;
        writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
    }

    public string Path { get; }
    public long Rows { get; private set; }

    public void Null() => Separator().Write("\\N");

    public void Value(string? value)
    {
        if (value is null) { Null(); return; }
        var w = Separator();
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': w.Write("\\\\"); break;
                case '\t': w.Write("\\t"); break;
                case '\n': w.Write("\\n"); break;
                case '\r': w.Write("\\r"); break;
                case '\0': w.Write("\\0"); break;
                default: w.Write(c); break;
            }
        }
    }

    public void EndRow()
    {
        writer.Write('\n');
        firstInRow = true;
        Rows++;
    }

    StreamWriter Separator()
    {
        if (!firstInRow) writer.Write('\t');
        firstInRow = false;
        return writer;
    }

    public void Dispose() => writer.Dispose();
}
