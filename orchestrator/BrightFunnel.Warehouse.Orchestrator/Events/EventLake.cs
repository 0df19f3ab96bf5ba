using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Impala.Staging;
using BrightFunnel.Warehouse.Impala.Types;

namespace BrightFunnel.Warehouse.Orchestrator.Events;

/// <summary>
/// A tenant's event lake on the cluster: the external table <c>bfw_&lt;tenant&gt;.web_events</c>,
/// partitioned by UTC day, over <c>events/&lt;tenant&gt;/day=YYYY-MM-DD/&lt;segment&gt;.parquet</c> of the
/// staging store. Its columns are <see cref="WebEventParquet.Columns"/>; the partition column is <c>day</c>.
/// </summary>
public sealed class EventLake(TenantId tenant, IStagingStore store)
{
    public const string Table = "web_events";
    public const string PartitionColumn = "day";

    public TenantId Tenant { get; } = tenant;

    /// <summary>The tenant's database on the cluster, shared with its attribution (<see cref="Engines.Impala.ClusterAttribution"/>).</summary>
    public string Database { get; } = $"bfw_{tenant.Value}";

    /// <summary>The tenant's folder of the staging store.</summary>
    public string Folder { get; } = $"events/{tenant.Value}";

    /// <summary>Where one segment's events of one day go: named after the segment, so shipping it again overwrites the file.</summary>
    public string FileOf(string day, string segment) => $"{Folder}/{PartitionColumn}={day}/{segment}.parquet";

    /// <summary>Days registered per statement: a backfill of years stays a few statements.</summary>
    const int PartitionsPerStatement = 500;

    /// <summary>
    /// The database and the table, if missing; then the new day partitions (their files listed as
    /// they are added), and one REFRESH for the days that existed already and received files.
    /// </summary>
    public async Task RegisterAsync(Hs2Session session, IReadOnlyCollection<string> days, CancellationToken ct)
    {
        await session.ExecuteNonQueryAsync(ImpalaDdl.CreateDatabase(Database), null, ct);
        await session.ExecuteNonQueryAsync(ImpalaDdl.CreatePartitionedExternalTable(Database, Table,
            WebEventParquet.Columns.Select(c => new StagedColumn(c.Name, c.Type)), [PartitionColumn], store.LocationOf(Folder)), null, ct);
        foreach (var chunk in days.Order(StringComparer.Ordinal).Chunk(PartitionsPerStatement))
            await session.ExecuteNonQueryAsync(ImpalaDdl.AddPartitions(Database, Table, PartitionColumn, chunk), null, ct);
        if (days.Count > 0) await session.ExecuteNonQueryAsync(ImpalaDdl.Refresh(Database, Table), null, ct);
    }

    /// <summary>Drops the table (its files stay, as for any external table), then deletes the files.</summary>
    public async Task DropAsync(Hs2Session session, CancellationToken ct)
    {
        await session.ExecuteNonQueryAsync(ImpalaDdl.DropTable(Database, Table), null, ct);
        await store.DeleteFolderAsync(Folder, ct);
    }
}

/// <summary>A lake column: its name and Impala type.</summary>
public sealed record LakeColumn(string Name, ImpalaType Type);
