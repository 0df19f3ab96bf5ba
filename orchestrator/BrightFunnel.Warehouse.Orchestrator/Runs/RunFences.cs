using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Runs;

/// <summary>
/// The fences a run holds where it writes: the tenant's database (<c>run_fence</c>, checked by
/// <c>run_fence_swap</c> before every swap) and bf_web (<c>web_fences</c>, checked by the publish
/// switch). A run claims both when it takes the tenant and renews both with its heartbeat, each
/// on that server's own clock, so a write is refused there once the lease has passed even if the
/// owner never hears of it. See docs/decisions/fencing.md.
/// </summary>
public sealed class RunFences(string tenantConnectionString, string webConnectionString, TenantId tenant, TimeSpan lease)
{
    long LeaseMicros => (long)lease.TotalMicroseconds;

    /// <summary>
    /// SQL: the web fence row <paramref name="f"/> lets the token in <c>@fenceRun</c> / <c>@fenceEpoch</c>
    /// write: it holds the fence and its lease has not passed; with no token (a publish outside a
    /// run), no run's lease holds the tenant.
    /// </summary>
    public static string WebFenceHolds(string f, RunToken? token) => token is null
        ? $"({f}.lease_until IS NULL OR {f}.lease_until < UTC_TIMESTAMP(6))"
        : $"({f}.run_id = @fenceRun AND {f}.epoch = @fenceEpoch AND {f}.lease_until >= UTC_TIMESTAMP(6))";

    /// <summary>Takes both fences for the run; fails when a run with a higher epoch already holds one.</summary>
    public void Claim(RunToken token)
    {
        using (var c = DbConnections.Tenant(tenantConnectionString))
            c.Execute("CALL run_fence_claim(@run, @epoch, @lease)", new { run = token.RunId, epoch = token.Epoch, lease = LeaseMicros });
        using var web = DbConnections.Web(webConnectionString);
        web.Execute("""
            INSERT INTO web_fences (tenant_id, run_id, epoch, lease_until, claimed_at)
            VALUES (@t, @run, @epoch, UTC_TIMESTAMP(6) + INTERVAL @lease MICROSECOND, UTC_TIMESTAMP(6))
            ON DUPLICATE KEY UPDATE
              run_id = IF(VALUES(epoch) > epoch, VALUES(run_id), run_id),
              lease_until = IF(VALUES(epoch) > epoch, VALUES(lease_until), lease_until),
              claimed_at = IF(VALUES(epoch) > epoch, VALUES(claimed_at), claimed_at),
              epoch = GREATEST(epoch, VALUES(epoch))
            """, new { t = tenant.Value, run = token.RunId, epoch = token.Epoch, lease = LeaseMicros });
        var holder = web.QuerySingle<(long? Run, long Epoch)>("SELECT run_id, epoch FROM web_fences WHERE tenant_id = @t", new { t = tenant.Value });
        if (holder != (token.RunId, token.Epoch))
            throw new RunFencedException($"fenced: {token} may not take tenant {tenant} in bf_web: run {holder.Run} holds epoch {holder.Epoch}");
    }

    /// <summary>Extends both leases; false when either fence is no longer the run's (or its lease had passed there).</summary>
    public bool Renew(RunToken token)
    {
        var param = new { t = tenant.Value, run = token.RunId, epoch = token.Epoch, lease = LeaseMicros };
        using var c = DbConnections.Tenant(tenantConnectionString);
        var tenantHeld = c.Execute("""
            UPDATE run_fence SET lease_until = UTC_TIMESTAMP(6) + INTERVAL @lease MICROSECOND
            WHERE id = 1 AND run_id = @run AND epoch = @epoch AND lease_until >= UTC_TIMESTAMP(6)
            """, param) > 0;
        using var web = DbConnections.Web(webConnectionString);
        var webHeld = web.Execute("""
            UPDATE web_fences SET lease_until = UTC_TIMESTAMP(6) + INTERVAL @lease MICROSECOND
            WHERE tenant_id = @t AND run_id = @run AND epoch = @epoch AND lease_until >= UTC_TIMESTAMP(6)
            """, param) > 0;
        return tenantHeld && webHeld;
    }

    /// <summary>
    /// Ends the run's leases where it still holds them, when it ends in its own process: console
    /// writes outside a run (an ingest, a publish) need not wait for the lease to run out. Never
    /// throws; a fence left held simply expires.
    /// </summary>
    public void Release(RunToken token)
    {
        var param = new { t = tenant.Value, run = token.RunId, epoch = token.Epoch };
        try
        {
            using (var c = DbConnections.Tenant(tenantConnectionString))
                c.Execute("UPDATE run_fence SET lease_until = UTC_TIMESTAMP(6) WHERE id = 1 AND run_id = @run AND epoch = @epoch", param);
            using var web = DbConnections.Web(webConnectionString);
            web.Execute("UPDATE web_fences SET lease_until = UTC_TIMESTAMP(6) WHERE tenant_id = @t AND run_id = @run AND epoch = @epoch", param);
        }
        catch (Exception e)
        {
            NLog.LogManager.GetCurrentClassLogger().Warn("{token}: could not release its fences (they expire with its lease): {error}", token, Secrets.MaskPasswords(e.Message));
        }
    }

}
