using Microsoft.Extensions.DependencyInjection;
using MySql.Data.MySqlClient;
using NLog.Extensions.Logging;
using Quartz;
using Quartz.Diagnostics;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Scheduling;

/// <summary>A built Quartz scheduler together with the container that owns it.</summary>
public sealed class SchedulerHandle(StandaloneSchedulerFactory factory, IScheduler scheduler) : IAsyncDisposable
{
    public IScheduler Scheduler { get; } = scheduler;

    public ValueTask DisposeAsync() => factory.DisposeAsync();
}

/// <summary>
/// The three ways the warehouse builds Quartz over <c>bf_control</c>, all on the same AdoJobStore
/// (MySQL, clustered, execution history in the database):
/// a <b>node</b> (<c>bfw serve</c>) that fires triggers; a <b>client</b> (the console) that is never
/// started and only writes jobs and triggers, so a console-queued run obeys the same
/// DisallowConcurrentExecution and pod limits as a scheduled one; and the <b>provisioner</b> that
/// <c>migrate apply --db control</c> runs to create the QRTZ_ tables. Nodes and clients only validate
/// the schema.
/// </summary>
public static class WarehouseScheduler
{
    static WarehouseScheduler() =>
        // Quartz logs through Microsoft.Extensions.Logging; send it to NLog so its lines land beside ours, masked.
        LogProvider.SetLogProvider(new NLogLoggerFactory());

    public static async Task<SchedulerHandle> Node(WarehouseSettings settings, string instanceId, IReadOnlyList<Pod> pods, TimeProvider? clock = null)
    {
        var s = settings.Scheduler;
        var factory = QuartzSchedulerBuilder.Create(q =>
        {
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = s.InstanceName;
                o.InstanceId = instanceId;
                o.IdleWaitTime = s.IdleWaitTime;
                // Shutdown waits for running cycles and hands them the token, so they stop at their next check.
                o.ShutdownJobInterruption = ShutdownJobInterruption.WhenWaitingForJobs;
            });
            q.UseDefaultThreadPool(s.MaxConcurrentCycles);
            q.UsePersistentStore(store => ConfigureStore(store, settings, SchemaProvisioning.Validate, clustered: true));
            q.UseExecutionLimits(limits => PodLimits.Apply(limits, pods));
            q.AddJobTimeout(s.CycleTimeout);
            q.AddJobType<TenantCycleJob>();
            q.Services.AddSingleton(settings);
            if (clock is not null) q.UseTimeProvider(clock);
        }).Build();
        return new SchedulerHandle(factory, await factory.GetScheduler());
    }

    /// <summary>A scheduler that is never started: it stores jobs and triggers for the nodes to fire.</summary>
    public static async Task<SchedulerHandle> Client(WarehouseSettings settings, TimeProvider? clock = null)
    {
        var factory = QuartzSchedulerBuilder.Create(q =>
        {
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = settings.Scheduler.InstanceName;
                o.InstanceId = $"client-{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";
            });
            q.UsePersistentStore(store => ConfigureStore(store, settings, SchemaProvisioning.Validate, clustered: true));
            if (clock is not null) q.UseTimeProvider(clock);
        }).Build();
        return new SchedulerHandle(factory, await factory.GetScheduler());
    }

    /// <summary>Creates whatever QRTZ_ tables are missing (the execution history's included); never alters or drops any.</summary>
    public static async Task ProvisionSchema(WarehouseSettings settings)
    {
        await using var factory = QuartzSchedulerBuilder.Create(q =>
        {
            q.ConfigureScheduler(o => o.InstanceName = settings.Scheduler.InstanceName);
            q.UsePersistentStore(store => ConfigureStore(store, settings, SchemaProvisioning.CreateIfMissing, clustered: false));
        }).Build();
        var scheduler = await factory.GetScheduler(); // building the store is what provisions it
        await scheduler.Shutdown();
    }

    /// <summary>Why Quartz would refuse the control database's QRTZ_ schema, or null when it is complete.</summary>
    public static async Task<string?> SchemaProblem(WarehouseSettings settings)
    {
        try
        {
            await using var factory = QuartzSchedulerBuilder.Create(q =>
            {
                q.ConfigureScheduler(o => o.InstanceName = settings.Scheduler.InstanceName);
                q.UsePersistentStore(store => ConfigureStore(store, settings, SchemaProvisioning.Validate, clustered: false));
            }).Build();
            await (await factory.GetScheduler()).Shutdown(); // building the store is what validates it
            return null;
        }
        catch (Exception e)
        {
            return e.Message; // a refused schema, or a database Quartz cannot use
        }
    }

    static void ConfigureStore(IPersistentStoreBuilder store, WarehouseSettings settings, SchemaProvisioning provisioning, bool clustered)
    {
        var s = settings.Scheduler;
        // MySql.Data forgets the password of an opened connection's string unless told to keep it, and Quartz
        // reopens connections from such strings (its shutdown did, and was refused).
        store.UseMySql(new MySqlConnectionStringBuilder(settings.Control.ConnectionString) { PersistSecurityInfo = true }.ConnectionString);
        store.UseExecutionHistory();
        if (clustered)
            store.UseClustering(c =>
            {
                c.CheckinInterval = s.CheckinInterval;
                c.CheckinMisfireThreshold = s.CheckinMisfireThreshold;
            });
        store.ConfigureStore(o =>
        {
            o.SchemaProvisioning = provisioning;
            o.MisfireThreshold = s.MisfireThreshold;
            // A nightly occurrence waiting for its pod's slot past the threshold is misfired, and Quartz does
            // not acquire it until the misfire handler applies FireAndProceed (fire now). The handler passes
            // once per threshold unless told otherwise, so a slot freed in between stayed idle up to a minute;
            // passing every idle wait puts such a trigger back within seconds. What counts as a misfire is unchanged.
            o.MisfireHandlerFrequency = s.IdleWaitTime < s.MisfireThreshold ? s.IdleWaitTime : s.MisfireThreshold;
            // Acquire inside the cluster lock so a cluster-scoped pod limit is exact rather than approximate.
            o.AcquireTriggersWithinLock = true;
            // Two nodes writing the execution history at once can deadlock on MariaDB; such a write is worth repeating.
            o.IsTransient = e => e is MySqlException { Number: 1213 or 1205 };
        });
    }
}
