using Quartz;

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
}
