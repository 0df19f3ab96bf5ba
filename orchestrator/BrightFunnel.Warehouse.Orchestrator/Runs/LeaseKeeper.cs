using System.Diagnostics;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Runs;

/// <summary>
/// The owner's side of a run's lease: renews it in bf_control, the tenant's database and bf_web
/// every heartbeat, and stops the run the moment it no longer holds it — a renewal refused (the
/// run was closed as abandoned, or another run took the tenant), or no renewal for longer than
/// the lease (a stall: GC pause, frozen VM, SIGSTOP, a partition). Stopping cancels the run's
/// token: its statements are killed (KILL QUERY, HS2 cancel), and the fences refuse whatever write
/// was already on its way.
/// </summary>
public sealed class LeaseKeeper : IDisposable
{
    static readonly NLog.Logger Log = NLog.LogManager.GetCurrentClassLogger();

    readonly RunToken token;
    readonly RunStore leases;
    readonly RunFences fences;
    readonly TimeSpan lease;
    readonly CancellationTokenSource stop;
    readonly Timer timer;
    readonly Lock gate = new();
    // The monotonic clock: a stall shows up on it, whatever the wall clock does meanwhile.
    readonly Stopwatch sinceRenewal = Stopwatch.StartNew();
    DateTime renewedAt = DateTime.UtcNow;
    bool disposed;

    public LeaseKeeper(RunToken token, RunStore leases, RunFences fences, TimeSpan heartbeat, TimeSpan lease, CancellationTokenSource stop)
    {
        (this.token, this.leases, this.fences, this.lease, this.stop) = (token, leases, fences, lease, stop);
        // Not in the run's logging scope: once the lease is lost, nothing more goes to the run's history, run_logs included.
        using (ExecutionContext.SuppressFlow()) timer = new Timer(_ => Beat(), null, heartbeat, heartbeat);
    }

    /// <summary>Why the run stopped being its owner's, once it has; null while it holds its lease.</summary>
    public string? Lost { get; private set; }

    /// <summary>
    /// Renews the lease, or declares it lost. Never throws: a server that is down does not stop the
    /// run until its lease would have passed without a renewal.
    /// </summary>
    public void Beat()
    {
        lock (gate)
        {
            if (Lost is not null || disposed) return;
            // A renewal that starts after the lease has run out would revive a run others may already have
            // fenced; the servers refuse it anyway (their lease_until has passed), and so do we.
            if (!Stalled)
            {
                var sent = DateTime.UtcNow;
                try
                {
                    if (leases.Renew(token) && fences.Renew(token))
                    {
                        renewedAt = sent;
                        sinceRenewal.Restart();
                        return;
                    }
                    Declare("its renewal was refused: the run was closed, or another run took the tenant");
                    return;
                }
                catch (Exception e)
                {
                    Log.Warn("run {run}: could not renew its lease (renewing at the next heartbeat): {error}", token.RunId, Secrets.MaskPasswords(e.Message));
                }
            }
            if (Stalled) Declare($"no renewal for {sinceRenewal.Elapsed.TotalSeconds:0.0} s");
        }
    }

    bool Stalled => sinceRenewal.Elapsed > lease;

    /// <summary>
    /// Declares the lease lost (once; later calls return the first verdict) and stops the run: its
    /// token is cancelled. Also called by the run when a fence refused one of its writes before a beat noticed.
    /// </summary>
    /// <returns>What the run tells its operator: when it lost the lease, and that nothing was written after.</returns>
    public string Declare(string why)
    {
        lock (gate)
        {
            if (Lost is not null) return Lost;
            var expiry = renewedAt + lease;
            var lostAt = expiry < DateTime.UtcNow ? expiry : DateTime.UtcNow;
            Lost = $"run {token.RunId} lost its lease at {lostAt:yyyy-MM-dd HH:mm:ss} UTC ({why}); another owner may have taken the tenant; " +
                   $"nothing was written after {lostAt:yyyy-MM-dd HH:mm:ss} UTC";
            Log.Error("{lost}", Lost);
            try { stop.Cancel(); }
            catch (AggregateException e) { Log.Warn(e, "run {run}: stopping its statements failed", token.RunId); }
            return Lost;
        }
    }

    /// <summary>Stops renewing; a beat under way finishes first, so none runs after the run has ended.</summary>
    public void Dispose()
    {
        lock (gate) disposed = true;
        timer.Dispose();
    }
}
