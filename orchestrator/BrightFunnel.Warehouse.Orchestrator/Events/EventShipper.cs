using System.Diagnostics;
using BrightFunnel.Warehouse.Events;
using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Impala.Staging;
using Dapper;
using NLog;

namespace BrightFunnel.Warehouse.Orchestrator.Events;

/// <summary>
/// Ships a tenant's closed spool segments into its event lake, exactly once even across crashes:
/// for each batch of segments, (1) each segment's Parquet files are written under names fixed by
/// the segment, (2) the table and its day partitions are registered and refreshed, (3) the
/// segments are recorded in the manifest, (4) their spool files are removed. A crash before (3)
/// ships the batch again over the same files; after it, the next run finds the segments recorded
/// and only removes them. Open segments are the collector's and are never read here.
/// </summary>
public sealed class EventShipper(WarehouseSettings settings)
{
    static readonly Logger Log = LogManager.GetCurrentClassLogger();

    readonly SpoolFolder spool = new(settings.Events.SpoolRoot);
    readonly SegmentManifest manifest = new(settings.Control.ConnectionString);

    /// <summary>
    /// A fault point between a batch's files being in the lake and its manifest rows: tests throw
    /// here to stand for a crash; <see cref="FaultPoints.EventsManifest"/> stops the process there.
    /// </summary>
    public Action<IReadOnlyList<SegmentShipment>>? BeforeManifest { get; init; }

    /// <summary>Tenants with a spool folder; a folder that is not a tenant id is skipped with a warning.</summary>
    public IReadOnlyList<TenantId> SpooledTenants()
    {
        var tenants = new List<TenantId>();
        foreach (var name in spool.Tenants())
            if (TenantId.TryParse(name, out var id)) tenants.Add(id);
            else Log.Warn("spool folder {folder} is not a tenant id: skipped", Path.Combine(spool.Root, name));
        return tenants;
    }

    /// <summary>Ships every closed segment of the tenant; what the cycle's <c>web</c> step calls before processing it.</summary>
    public async Task<ShipReport> ShipTenantAsync(TenantId tenant, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        using var guard = await ShipLock.TakeAsync(settings.Control.ConnectionString, tenant, ct);
        var segments = spool.ClosedSegments(tenant.Value);
        var store = settings.Impala.StagingStore();
        var lake = new EventLake(tenant, store);
        var converter = new SegmentConverter(lake, store, settings.Events.RowGroupSize);
        var shipped = new List<SegmentShipment>();
        var already = 0;
        var converting = new Stopwatch();
        foreach (var batch in segments.Chunk(Math.Max(1, settings.Events.SegmentsPerBatch)))
        {
            var recorded = await manifest.ShippedAsync(tenant, batch, ct);
            foreach (var segment in batch.Where(recorded.Contains))
            {
                // Shipped by a run that died before removing it: the lake has it, the spool must not.
                Remove(tenant, segment);
                already++;
            }
            var pending = batch.Where(s => !recorded.Contains(s)).ToList();
            if (pending.Count == 0) continue;
            var converted = new SegmentShipment[pending.Count];
            converting.Start();
            await Parallel.ForEachAsync(Enumerable.Range(0, pending.Count),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, settings.Events.ShipParallelism), CancellationToken = ct },
                async (i, token) => converted[i] = await converter.ConvertAsync(spool.ClosedPath(tenant.Value, pending[i]), token));
            converting.Stop();
            await using (var session = await Hs2Session.OpenAsync(settings.Impala.ClientOptions(), ct))
                await lake.RegisterAsync(session, converted.SelectMany(c => c.Days).ToHashSet(), ct);
            BeforeManifest?.Invoke(converted);
            FaultPoints.Reach(FaultPoints.EventsManifest);
            await manifest.RecordAsync(tenant, converted, ct);
            foreach (var c in converted)
            {
                if (c.TornBytes > 0) Log.Warn("tenant {tenant}: segment {segment} ended in {bytes} torn bytes (never acknowledged): not shipped", tenant, c.Segment, c.TornBytes);
                Remove(tenant, c.Segment);
            }
            shipped.AddRange(converted);
        }
        var report = new ShipReport(tenant.Value, shipped.Count, shipped.Sum(s => s.Events), shipped.Sum(s => s.TornBytes),
            shipped.SelectMany(s => s.Days).Distinct().Order(StringComparer.Ordinal).ToList(), already, clock.Elapsed.TotalSeconds) { ConvertSeconds = converting.Elapsed.TotalSeconds };
        Log.Info("tenant {tenant}: shipped {segments} segment(s), {events} event(s) in {seconds:F1} s ({rate:F0}/s; {convert:F1} s converting), days {days}; {already} already shipped",
            tenant, report.Segments, report.Events, report.Seconds, report.EventsPerSecond, report.ConvertSeconds, report.DayRange, already);
        return report;
    }

    void Remove(TenantId tenant, string segment)
    {
        try { File.Delete(spool.ClosedPath(tenant.Value, segment)); }
        catch (IOException e) { Log.Warn("tenant {tenant}: shipped segment {segment} could not be removed ({error}); the next ship removes it", tenant, segment, e.Message); }
    }
}

/// <summary>One shipper per tenant at a time, across processes: a <c>GET_LOCK</c> on the control server, held while shipping.</summary>
sealed class ShipLock : IDisposable
{
    readonly MySql.Data.MySqlClient.MySqlConnection connection;
    readonly string name;

    ShipLock(MySql.Data.MySqlClient.MySqlConnection connection, string name)
    {
        this.connection = connection;
        this.name = name;
    }

    public static async Task<ShipLock> TakeAsync(string controlConnectionString, TenantId tenant, CancellationToken ct)
    {
        var name = $"bfw.events.{tenant.Value}";
        var connection = await DbConnections.ControlAsync(controlConnectionString, ct);
        try
        {
            // Another ship of the tenant finishes in seconds to a minute; wait for it rather than fail.
            if (await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT GET_LOCK(@name, 600)", new { name }, cancellationToken: ct)) == 1)
                return new ShipLock(connection, name);
            throw new TimeoutException($"tenant {tenant}: another shipper held {name} for 10 minutes");
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public void Dispose()
    {
        try { connection.Execute("SELECT RELEASE_LOCK(@name)", new { name }); }
        finally { connection.Dispose(); }
    }
}
