using System.Collections.Concurrent;
using Dapper;
using MySql.Data.MySqlClient;
using NLog;
using NLog.Targets;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator;

/// <summary>
/// NLog target for the lines logged while a run is being captured (<see cref="Capture"/>): they
/// go to that run's control database (<c>run_logs</c>), masked, so <c>bfw logs</c> reads them from
/// any node. Synchronous on purpose: the capture is a scope property of the logging thread, and
/// a run logs tens of lines.
/// </summary>
public sealed class RunLogTarget : TargetWithLayout
{
    const string CaptureProperty = "bfw.runlog";
    static readonly ConcurrentDictionary<string, (string ControlConnectionString, long RunId)> Captures = new();

    /// <summary>Until disposed, lines logged on this thread (and its async flow) belong to the run.</summary>
    public static IDisposable Capture(string controlConnectionString, long runId)
    {
        var token = Guid.NewGuid().ToString("N");
        Captures[token] = (controlConnectionString, runId);
        var scope = ScopeContext.PushProperty(CaptureProperty, token);
        return new Release(() => { scope.Dispose(); Captures.TryRemove(token, out _); });
    }

    protected override void Write(LogEventInfo logEvent)
    {
        string? token = null, step = null;
        foreach (var p in ScopeContext.GetAllProperties())
        {
            if (p.Key == CaptureProperty) token = p.Value as string;
            else if (p.Key == "step") step = p.Value?.ToString();
        }
        if (token is null || !Captures.TryGetValue(token, out var capture)) return;
        try
        {
            using var c = new MySqlConnection(capture.ControlConnectionString);
            c.Execute("INSERT INTO run_logs (run_id, logged_at, level, step, message) VALUES (@run, @at, @level, @step, @message)", new
            {
                run = capture.RunId,
                at = logEvent.TimeStamp.ToUniversalTime(),
                level = logEvent.Level.Name.ToUpperInvariant(),
                step,
                message = Secrets.MaskPasswords(RenderLogEvent(Layout, logEvent)),
            });
        }
        catch (MySqlException)
        {
            // Losing a log line must never fail a run; the file log still has it.
        }
    }

    sealed class Release(Action release) : IDisposable
    {
        Action? pending = release;

        public void Dispose() => Interlocked.Exchange(ref pending, null)?.Invoke();
    }
}
