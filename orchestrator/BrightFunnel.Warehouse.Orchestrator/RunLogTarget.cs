using Dapper;
using MySql.Data.MySqlClient;
using NLog;
using NLog.Targets;

namespace BrightFunnel.Warehouse.Orchestrator;

/// <summary>
/// NLog target for the lines logged inside a run (scope property <c>run</c>): written to
/// <c>bf_control.run_logs</c>, masked, so <c>bfw logs</c> reads them from any node. Synchronous on
/// purpose: the run's scope properties belong to the logging thread. A run logs tens of lines.
/// </summary>
public sealed class RunLogTarget(string controlConnectionString) : TargetWithLayout
{
    protected override void Write(LogEventInfo logEvent)
    {
        var properties = ScopeContext.GetAllProperties().ToDictionary(p => p.Key, p => p.Value);
        if (!properties.TryGetValue("run", out var run) || run is null) return;
        try
        {
            using var c = new MySqlConnection(controlConnectionString);
            c.Execute("INSERT INTO run_logs (run_id, logged_at, level, step, message) VALUES (@run, @at, @level, @step, @message)", new
            {
                run = Convert.ToInt64(run),
                at = logEvent.TimeStamp.ToUniversalTime(),
                level = logEvent.Level.Name.ToUpperInvariant(),
                step = properties.GetValueOrDefault("step")?.ToString(),
                message = Secrets.MaskPasswords(RenderLogEvent(Layout, logEvent)),
            });
        }
        catch (MySqlException)
        {
            // Losing a log line must never fail a run; the file log still has it.
        }
    }
}
