using Quartz;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Scheduling;

/// <summary>One tenant's schedule as the tenants table and Quartz's store see it.</summary>
public sealed record ScheduleEntry(string Tenant, string Pod, string TimeZone, string Cron, string TriggerState,
    DateTimeOffset? NextFireUtc, DateTimeOffset? PreviousFireUtc);

/// <summary>What a sync of the tenants table into Quartz changed.</summary>
public sealed record ScheduleSync(int Tenants, int Added, int Updated);

/// <summary>
/// Keeps Quartz's store in step with the tenants table: one durable job per tenant
/// (<c>cycle.&lt;tenant&gt;</c>, DisallowConcurrentExecution) and its cron trigger in the tenant's time
/// zone and pod's execution group, misfire = fire once now. A trigger that already says what the
/// table says is left alone, so its next fire time (and a misfire pending since a downtime)
/// survives a node restart.
/// </summary>
public sealed class TenantSchedules(WarehouseSettings settings, IScheduler scheduler)
{
    readonly TenantDirectory directory = new(settings);

    static IJobDetail JobFor(TenantId tenant) =>
        JobBuilder.Create<TenantCycleJob>()
            .WithIdentity(CycleKeys.Job(tenant))
            .WithDescription($"data cycle of tenant {tenant}")
            .UsingJobData(CycleKeys.TenantData, tenant.Value)
            .StoreDurably()
            .RequestRecovery() // a node dying mid-cycle hands the firing to another node
            .Build();

    /// <summary>Stores the tenant's durable job unless it is there already.</summary>
    public async Task EnsureJob(TenantId tenant, CancellationToken cancel = default)
    {
        if (!await scheduler.Exists(CycleKeys.Job(tenant), cancel))
            await scheduler.AddJob(JobFor(tenant), AddJobOptions.Replacing, cancel);
    }

    /// <summary>Stores the tenant's job and cron trigger; true when the trigger was added or changed.</summary>
    public async Task<bool> Register(Tenant tenant, CancellationToken cancel = default)
    {
        await EnsureJob(tenant.Id, cancel);
        var desired = CronTrigger(tenant);
        if (await scheduler.GetTrigger(desired.Key, cancel) is ICronTrigger current && Same(current, (ICronTrigger)desired)) return false;
        await scheduler.ScheduleJob(desired, ScheduleJobOptions.Replacing, cancel);
        return true;
    }

    /// <summary>Registers every tenant of the tenants table.</summary>
    public async Task<ScheduleSync> Sync(CancellationToken cancel = default)
    {
        int added = 0, updated = 0;
        var tenants = directory.Tenants();
        foreach (var tenant in tenants)
        {
            var existed = await scheduler.Exists(CycleKeys.Schedule(tenant.Id), cancel);
            if (await Register(tenant, cancel)) { if (existed) updated++; else added++; }
        }
        return new ScheduleSync(tenants.Count, added, updated);
    }

    /// <summary>Validates the expression, records it in the tenants table and reschedules the tenant's trigger.</summary>
    public async Task<ScheduleEntry> SetCron(TenantId tenant, string cron, CancellationToken cancel = default) =>
        await SetCron(tenant, cron, force: false, cancel);

    /// <summary>As <see cref="SetCron(TenantId, string, CancellationToken)"/>; <paramref name="force"/> accepts a cron firing more often than every 5 minutes.</summary>
    public async Task<ScheduleEntry> SetCron(TenantId tenant, string cron, bool force, CancellationToken cancel = default)
    {
        var current = directory.GetTenant(tenant);
        CronSchedule.Validate(cron, current.TimeZone);
        CronSchedule.RequireInterval(cron, current.TimeZone, force);
        directory.SetCron(tenant, cron);
        await Register(current with { Cron = cron }, cancel);
        return await Entry(current with { Cron = cron }, cancel);
    }

    /// <summary>The state of a tenant whose trigger is not in Quartz's store yet.</summary>
    public const string NotRegistered = "not registered";

    public async Task<IReadOnlyList<ScheduleEntry>> List(CancellationToken cancel = default)
    {
        var entries = new List<ScheduleEntry>();
        foreach (var tenant in directory.Tenants()) entries.Add(await Entry(tenant, cancel));
        return entries;
    }

    async Task<ScheduleEntry> Entry(Tenant tenant, CancellationToken cancel)
    {
        var key = CycleKeys.Schedule(tenant.Id);
        var trigger = await scheduler.GetTrigger(key, cancel);
        var state = trigger is null ? NotRegistered : (await scheduler.GetTriggerState(key, cancel)).ToString().ToLowerInvariant();
        return new ScheduleEntry(tenant.TenantId, tenant.PodName, tenant.TimeZone, tenant.Cron, state, trigger?.NextFireTimeUtc, trigger?.PreviousFireTimeUtc);
    }

    ITrigger CronTrigger(Tenant tenant)
    {
        CronSchedule.Validate(tenant.Cron, tenant.TimeZone);
        // The builder's clock is the scheduler's, so a test can register a schedule "in the past".
        return TriggerBuilder.Create(scheduler.TimeProvider)
            .WithIdentity(CycleKeys.Schedule(tenant.Id))
            .ForJob(CycleKeys.Job(tenant.Id))
            .WithDescription($"nightly cycle of tenant {tenant.TenantId}")
            .WithExecutionGroup(CycleKeys.PodGroup(tenant.PodName))
            .WithRetryPolicy(CycleRetryPolicy.For(settings.Scheduler))
            .WithSchedule(CronScheduleBuilder.Create(tenant.Cron)
                .InTimeZone(TimeZoneInfo.FindSystemTimeZoneById(tenant.TimeZone))
                .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
            .Build();
    }

    static bool Same(ICronTrigger current, ICronTrigger desired) =>
        current.CronExpressionString == desired.CronExpressionString
        && current.TimeZone.Id == desired.TimeZone.Id
        && current.MisfireInstruction == desired.MisfireInstruction
        && current.ExecutionGroup == desired.ExecutionGroup
        && current.RetryPolicy == desired.RetryPolicy
        && current.JobKey.Equals(desired.JobKey);
}
