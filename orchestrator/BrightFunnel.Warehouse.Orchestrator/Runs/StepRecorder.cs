using System.Diagnostics;
using NLog;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Runs;

/// <summary>
/// Runs one step of a run and records it in <c>run_steps</c>: started, then succeeded or skipped
/// (as the step's <see cref="StepResult"/> says) with its rows and detail, or failed or cancelled
/// with the error. A lost connection is reported as such, naming the server.
/// </summary>
public sealed class StepRecorder(RunStore history, string webConnectionString, RunToken token)
{
    static readonly Logger Log = LogManager.GetCurrentClassLogger();

    public StepResult Run(ICycleStep step, StepContext x, CancellationToken cancel)
    {
        if (!history.StepStarted(token, step.Name)) throw Fenced(step, "start");
        var clock = Stopwatch.StartNew();
        using var _ = ScopeContext.PushProperty("step", step.Name);
        try
        {
            var result = step.Run(x, cancel);
            if (!history.StepEnded(token, step.Name, result.Status, result.Rows, result.Detail, null)) throw Fenced(step, "end");
            Log.Info("step {step}: {rows} rows in {ms} ms ({detail})", step.Name, result.Rows, clock.ElapsedMilliseconds, result.Detail);
            return result;
        }
        catch (Exception e) when (RunFencedException.Within(e) is not null)
        {
            throw; // nothing more to record: the history is no longer this run's to write
        }
        catch (OperationCanceledException)
        {
            history.StepEnded(token, step.Name, StepStatus.Cancelled, null, null, "cancelled");
            throw;
        }
        catch (Exception e) when (TransientFailure.IsLostConnection(e))
        {
            var lost = new ConnectionLostException(LostConnection(step, x, e), e);
            history.StepEnded(token, step.Name, StepStatus.Failed, null, null, lost.Message);
            throw lost;
        }
        catch (Exception e)
        {
            history.StepEnded(token, step.Name, StepStatus.Failed, null, null, $"{e.GetType().Name}: {e.Message}");
            throw;
        }
    }

    RunFencedException Fenced(ICycleStep step, string what) =>
        new($"fenced: {token} no longer holds its lease in bf_control; the {what} of step {step.Name} was not recorded");

    /// <summary>
    /// Which server a step lost and what that changed: every step swaps in whole tables (and publish
    /// switches versions in one update), so what it had not swapped in yet is as it was.
    /// </summary>
    string LostConnection(ICycleStep step, StepContext x, Exception e)
    {
        if (e is ConnectionLostException said) return $"step {step.Name}: {said.Message}";
        var servers = $"the tenant's server {TransientFailure.ServerOf(x.TenantConnectionString)}" +
                      (step is PublishStep ? $" or the web database's {TransientFailure.ServerOf(webConnectionString)}" : "");
        return $"step {step.Name}: lost the connection to {servers} ({Secrets.MaskPasswords(e.GetBaseException().Message)}); " +
               "every table the step had not swapped in yet is unchanged, so the last good results are in place";
    }
}
