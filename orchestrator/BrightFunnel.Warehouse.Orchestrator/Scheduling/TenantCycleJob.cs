using NLog;
using Quartz;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Scheduling;

/// <summary>
/// One firing of a tenant's durable job: runs the tenant's data cycle for the run the firing
/// stands for. Quartz never runs two firings of one tenant at once (DisallowConcurrentExecution;
/// <see cref="DataCycle"/> also holds the tenant's GET_LOCK, for the double fire a node that missed
/// its check-in can cause). A transient failure is thrown back to Quartz, whose retry policy on
/// the trigger fires it again later; a permanent failure, a cancel or a skip returns normally, so
/// it is recorded and never retried.
/// </summary>
[DisallowConcurrentExecution]
public sealed class TenantCycleJob(WarehouseSettings settings) : IJob
{
    static readonly Logger Log = LogManager.GetCurrentClassLogger();

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var tenant = TenantId.Parse(context.JobDetail.JobDataMap.GetString(CycleKeys.TenantData)
                                    ?? throw new InvalidOperationException($"job {context.JobDetail.Key} names no tenant"));
        var history = new RunStore(settings.Control.ConnectionString, settings.Scheduler);
        long? runId;
        try
        {
            runId = FiringRun.Resolve(context, tenant, history, new RunStore(settings.Control.ConnectionString, settings.Scheduler));
        }
        catch (Exception e) when (TransientFailure.Is(e))
        {
            // The control database blinked before a run could be recorded: let the retry policy try again.
            throw new JobExecutionException($"tenant {tenant}: could not record the run: {Secrets.MaskPasswords(e.Message)}", e);
        }
        if (runId is not { } id)
        {
            Log.Info("tenant {tenant}: firing {trigger} has no queued run left to execute", tenant, context.Trigger.Key);
            return;
        }

        var node = context.Scheduler.SchedulerInstanceId;
        // Quartz's job timeout counts from the firing, not from here: resolving the run first may take a
        // while on a loaded server, and a clock started late took a timeout for an operator's cancel.
        var started = context.FireTimeUtc.UtcDateTime;
        // A cycle blocks its thread for minutes to hours: give it a thread of its own rather than one of the pool's.
        CycleOutcome outcome;
        try
        {
            outcome = await Task.Factory.StartNew(() => new DataCycle(settings, node).Execute(id, cancellationToken),
                CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        catch (Exception e) when (TransientFailure.Is(e))
        {
            // The cycle could not record its end (the control database went away): retried like any transient
            // failure; the retry closes this attempt, which its lease would otherwise close as abandoned.
            throw new JobExecutionException($"run {id} of {tenant} could not record its end: {Secrets.MaskPasswords(e.Message)}", e);
        }
        context.Result = outcome;

        if (outcome.Status == RunStatus.Cancelled && DateTime.UtcNow - started >= settings.Scheduler.CycleTimeout)
        {
            // Quartz's job timeout interrupted it: that is a failure (Quartz retries it), not an operator's cancel.
            history.Finish(id, RunStatus.Failed, $"timed out after {settings.Scheduler.CycleTimeout}; the last good results are in place");
            return; // the timeout middleware reports the overrun to Quartz
        }
        if (outcome.Status == RunStatus.Cancelled && cancellationToken.IsCancellationRequested && !history.CancelRequested(id))
        {
            // Nobody asked for this cancel: the node is shutting down and handed the cycle its token.
            history.Finish(id, RunStatus.Cancelled, $"cancelled: node {node} shut down; the last good results are in place");
            return;
        }
        if (outcome.Transient)
            throw new JobExecutionException($"run {id} of {tenant} failed transiently: {outcome.Error}");
    }
}
