using System.Text.Json;

namespace BrightFunnel.Warehouse.Impala.Engine.Hs2;

/// <summary>
/// Every statement clients send, appended to a file as one JSON object per line (<c>time</c>,
/// <c>connection</c>, <c>statement</c> exactly as received), so a test or an operator can hold what
/// the offload sent against an Impala grammar that is not ours. Off unless
/// <see cref="LocalImpalaEngineOptions.StatementLog"/> names a file. The engine's own catalog
/// statements are not client statements and are not logged. Statements carry no personal data:
/// the offload sends SQL text and identifiers, never exported values.
/// </summary>
sealed class StatementLog : IDisposable
{
    readonly StreamWriter writer;
    readonly Lock gate = new();

    StatementLog(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
    }

    public static StatementLog? Open(string? path) => string.IsNullOrWhiteSpace(path) ? null : new StatementLog(path);

    public void Write(long connection, string statement)
    {
        var line = JsonSerializer.Serialize(new { time = DateTime.UtcNow, connection, statement });
        lock (gate) writer.WriteLine(line);
    }

    public void Dispose()
    {
        lock (gate) writer.Dispose();
    }
}
