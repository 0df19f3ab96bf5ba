using System.Text;

namespace BrightFunnel.Warehouse.Orchestrator.Ingest;

/// <summary>
/// Writes rows in the text format <c>LOAD DATA</c> reads by default: tab-separated, newline-terminated,
/// backslash escapes, <c>\N</c> for null.
/// </summary>
public sealed class TsvFileWriter : IDisposable
{
    static readonly System.Buffers.SearchValues<char> Escaped = System.Buffers.SearchValues.Create("\\\t\n\r\0");
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
        var text = value.AsSpan();
        // Copy the runs between characters that need an escape in one call each.
        while (true)
        {
            var next = text.IndexOfAny(Escaped);
            if (next < 0) { w.Write(text); return; }
            w.Write(text[..next]);
            w.Write(text[next] switch { '\\' => "\\\\", '\t' => "\\t", '\n' => "\\n", '\r' => "\\r", _ => "\\0" });
            text = text[(next + 1)..];
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
