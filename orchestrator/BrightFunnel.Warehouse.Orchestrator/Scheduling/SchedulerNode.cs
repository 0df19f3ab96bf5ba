using NLog;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Scheduling;

/// <summary>
/// <c>bfw serve</c>: one clustered Quartz node. It registers every tenant's job and cron trigger,
/// fires what is due (sharing the work with the other nodes on the same control database), keeps
/// the registrations and pod limits in step with the tenants and pods tables, and on stop shuts
/// down gracefully: running cycles get the token, stop at their next check and are recorded.
/// </summary>
public sealed class SchedulerNode(WarehouseSettings settings, string instanceId, TimeProvider? clock = null)
{
    static readonly Logger Log = LogManager.GetCurrentClassLogger();

    /// <summary>Unique per process, so two nodes on one host are two cluster members.</summary>
    public static string DefaultInstanceId => $"{Environment.MachineName}-{Environment.ProcessId}";

    public string InstanceId => instanceId;

    public async Task Run(CancellationToken stop, Action<string>? report = null)
    {
        var directory = new TenantDirectory(settings);
        var pods = directory.Pods();
        await using var handle = await WarehouseScheduler.Node(settings, instanceId, pods, clock);
        var scheduler = handle.Scheduler;
        var schedules = new TenantSchedules(settings, scheduler);
        var sync = await schedules.Sync(stop);
        await scheduler.Start(stop);
        Say($"node {instanceId} started: {sync.Tenants} tenant(s) on {pods.Count} pod(s), {sync.Added} schedule(s) added, {sync.Updated} updated");
        try
        {
            while (true)
            {
                await Task.Delay(settings.Scheduler.SyncInterval, stop);
                try
                {
                    var current = directory.Pods();
                    if (!current.Select(p => (p.PodName, p.MaxConcurrent)).SequenceEqual(pods.Select(p => (p.PodName, p.MaxConcurrent))))
                    {
                        await scheduler.SetExecutionLimits(PodLimits.For(current), stop);
                        pods = current;
                        Say($"pod limits: {string.Join(", ", pods.Select(p => $"{p.PodName} {p.MaxConcurrent}"))}");
                    }
                    sync = await schedules.Sync(stop);
                    if (sync.Added + sync.Updated > 0) Say($"schedules: {sync.Added} added, {sync.Updated} updated");
                    RecoverAbandoned(Say);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A blink of the control database must not stop the node; the next sync tries again.
                    Log.Warn("node {node}: sync failed: {error}", instanceId, Secrets.MaskPasswords(e.Message));
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            Say($"node {instanceId} stopping: waiting for running cycles to stop at their next check");
            await scheduler.Shutdown(waitForJobsToComplete: true, CancellationToken.None);
            Deregister();
            Say($"node {instanceId} stopped");
        }

        // Quartz leaves a stopped node's check-in row behind, so `bfw status` would list a node that
        // shut down cleanly as "not checking in" for ever. Its cycles are closed by now; nothing to recover.
        void Deregister()
        {
            try
            {
                using var c = new MySql.Data.MySqlClient.MySqlConnection(settings.Control.ConnectionString);
                Dapper.SqlMapper.Execute(c, "DELETE FROM QRTZ_SCHEDULER_STATE WHERE SCHED_NAME = @name AND INSTANCE_NAME = @instanceId",
                    new { name = settings.Scheduler.InstanceName, instanceId });
            }
            catch (Exception e)
            {
                Log.Warn("node {node}: could not deregister (status shows it as not checking in until removed): {error}", instanceId, Secrets.MaskPasswords(e.Message));
            }
        }

        // Runs whose owner stopped renewing (a killed inline client, a node that lost the control database)
        // are closed here even when no run of their tenant comes next, and what they left is removed.
        void RecoverAbandoned(Action<string> say)
        {
            foreach (var run in new RunStore(settings.Control.ConnectionString, settings.Scheduler).ExpireStale())
            {
                say($"run {run.RunId} of {run.TenantId} abandoned: {run.Reason}");
                var sweep = new RunLeftovers(settings).Sweep(TenantId.Parse(run.TenantId), dryRun: false);
                if (sweep.Leftovers.Count > 0) say($"tenant {run.TenantId}: removed {sweep.Leftovers.Count} leftover(s) of run {run.RunId}");
            }
        }

        void Say(string line)
        {
            Log.Info(line);
            report?.Invoke(line);
        }
    }
}
