using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Scheduling;

public sealed record PodStatus(string Pod, int MaxConcurrent, long Tenants, long Running, long Queued, DateTime? LastCycleEndUtc, long FailuresLast24h, long NoExportsLast24h);

/// <summary>A scheduler node as its last check-in in QRTZ_SCHEDULER_STATE shows it.</summary>
public sealed record NodeStatus(string InstanceId, DateTime LastCheckInUtc, TimeSpan CheckinInterval, bool Alive);

public sealed record WarehouseStatusReport(IReadOnlyList<PodStatus> Pods, IReadOnlyList<NodeStatus> Nodes);

/// <summary>
/// <c>bfw status</c>: per pod its tenants, the runs running and queued, when its last cycle ended
/// and how many failed in the last 24 hours (from <c>runs</c>), and the scheduler nodes that
/// checked in to the cluster. Plain SQL, so it needs no scheduler. Running counts live runs only:
/// a run whose lease has passed has no owner working on it (see <see cref="RunStore"/>).
/// </summary>
public sealed class WarehouseStatus(WarehouseSettings settings)
{
    public WarehouseStatusReport Read()
    {
        using var c = DbConnections.Control(settings.Control.ConnectionString);
        var pods = new RunStore(settings.Control.ConnectionString, settings.Scheduler).PodActivity();
        return new WarehouseStatusReport(pods, Nodes(c));
    }

    IReadOnlyList<NodeStatus> Nodes(MySqlConnection c)
    {
        List<(string instance, long checkin, long interval)> rows;
        try
        {
            rows = c.Query<(string, long, long)>(
                "SELECT INSTANCE_NAME, LAST_CHECKIN_TIME, CHECKIN_INTERVAL FROM QRTZ_SCHEDULER_STATE WHERE SCHED_NAME = @name ORDER BY INSTANCE_NAME",
                new { name = settings.Scheduler.InstanceName }).ToList();
        }
        catch (MySqlException e) when (e.Number == 1146)
        {
            return []; // no Quartz schema yet: no node has ever run
        }
        var now = DateTime.UtcNow;
        return rows.Select(r =>
        {
            // Quartz stores the check-in as UTC ticks and the interval in milliseconds.
            var last = new DateTime(r.checkin, DateTimeKind.Utc);
            var interval = TimeSpan.FromMilliseconds(r.interval);
            return new NodeStatus(r.instance, last, interval, now - last <= interval + settings.Scheduler.CheckinMisfireThreshold);
        }).ToList();
    }
}
