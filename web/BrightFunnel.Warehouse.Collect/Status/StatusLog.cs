namespace BrightFunnel.Warehouse.Collect.Status;

/// <summary>The counters in the log every so often, so an operator sees the collector work without asking /status.</summary>
public sealed class StatusLog(CollectorCounters counters, TimeSpan every, ILogger<StatusLog> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (every <= TimeSpan.Zero) return;
        using var timer = new PeriodicTimer(every);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) log.LogInformation("{Counters}", counters.Describe());
        }
        catch (OperationCanceledException) { }
    }
}
