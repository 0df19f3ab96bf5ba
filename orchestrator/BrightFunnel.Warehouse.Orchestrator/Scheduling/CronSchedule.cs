using Quartz;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Scheduling;

/// <summary>
/// A tenant's cron expression checked the way Quartz will read it (seconds first:
/// <c>0 0 2 * * ?</c> is 02:00 every day), so a bad one is refused when it is entered rather than
/// when a node tries to schedule it.
/// </summary>
public static class CronSchedule
{
    public static CronExpression Parse(string cron, string timeZone)
    {
        if (!CronExpression.TryParse(cron, out var expression) || expression is null)
            throw new BadInputException($"invalid cron expression '{cron}' (Quartz format with seconds, e.g. '0 0 2 * * ?' for 02:00 daily)");
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone))
            throw new BadInputException($"unknown time zone '{timeZone}' (use an IANA name such as Europe/Paris)");
        var zoned = expression.WithTimeZone(zone);
        if (zoned.GetNextValidTimeAfter(DateTimeOffset.UtcNow) is null)
            throw new BadInputException($"cron expression '{cron}' never fires");
        return zoned;
    }

    public static void Validate(string cron, string timeZone) => Parse(cron, timeZone);

    /// <summary>A cycle takes minutes: no tenant's cron may fire more often than this without --force.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMinutes(5);

    // Enough consecutive firings to meet the closest pair of a day's schedule (e.g. every minute of one hour).
    const int FiringsChecked = 200;

    /// <summary>Refuses a cron whose firings come closer than <see cref="MinimumInterval"/>, unless <paramref name="force"/>.</summary>
    public static void RequireInterval(string cron, string timeZone, bool force)
    {
        if (force) return;
        var expression = Parse(cron, timeZone);
        var previous = expression.GetNextValidTimeAfter(DateTimeOffset.UtcNow);
        for (var i = 0; i < FiringsChecked && previous is { } at; i++)
        {
            var next = expression.GetNextValidTimeAfter(at);
            if (next is { } n && n - at < MinimumInterval)
                throw new BadInputException($"cron expression '{cron}' fires every {Describe(n - at)}, more often than every {MinimumInterval.TotalMinutes:0} minutes: pass --force if that is meant");
            previous = next;
        }
    }

    static string Describe(TimeSpan gap) => gap.TotalSeconds < 60 ? $"{gap.TotalSeconds:0} s" : $"{gap.TotalMinutes:0.#} min";
}
