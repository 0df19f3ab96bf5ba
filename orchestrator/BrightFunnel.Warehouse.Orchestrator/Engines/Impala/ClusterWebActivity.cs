using System.Globalization;
using System.Text.RegularExpressions;
using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Impala.Staging;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Engines.Impala;

/// <summary>
/// A tenant's web activity on the cluster, kept the way <see cref="ClusterAttribution"/> keeps the
/// attribution: in the tenant's database <c>bfw_{tenant}</c>, the event lake <c>web_events</c> (the
/// shipper's) and the views <c>web_sessions</c> and <c>web_touches</c>, each pointing at the tables of
/// the web step run that built them (<c>web_sessions_r{run}</c>, …). A run publishes by repointing
/// the views, so readers (the attribute step) see one run's sessions or the next, never a mix.
/// </summary>
public sealed class ClusterWebActivity(TenantId tenant)
{
    /// <summary>The sessions and the touches they give, which attribution reads (before <see cref="Views"/>: static fields initialize in order).</summary>
    static readonly string[] TouchViews = ["web_sessions", "web_touches"];

    /// <summary>What the web step publishes, each a view over the run table of the same name.</summary>
    public static readonly string[] Views = [.. TouchViews, AccountWeeksView];

    /// <summary>The identified sessions per account, person, week and channel, which the engage step reads on the cluster.</summary>
    public const string AccountWeeksView = "web_account_weeks";

    /// <summary>The event lake: external, Parquet, partitioned by day (the SQL reads it whatever its partitions).</summary>
    public const string EventsTable = "web_events";

    public ClusterAttribution Cluster { get; } = new(tenant);

    public string Database => Cluster.Database;

    /// <summary>True when the tenant's lake table exists on the cluster.</summary>
    public async Task<bool> HasEventsAsync(Hs2Session session, CancellationToken ct = default) =>
        (await Cluster.TablesAsync(session, ct)).Contains(EventsTable);

    /// <summary>True when the web step has published its sessions and touches (what attribution reads).</summary>
    public async Task<bool> IsPublishedAsync(Hs2Session session, CancellationToken ct = default)
    {
        var tables = await Cluster.TablesAsync(session, ct);
        return TouchViews.All(tables.Contains);
    }

    /// <summary>Points every view at this run's tables: CREATE VIEW the first time, ALTER VIEW after.</summary>
    public async Task PublishAsync(Hs2Session session, long runId, CancellationToken ct = default)
    {
        var existing = await Cluster.TablesAsync(session, ct);
        foreach (var view in Views)
        {
            var verb = existing.Contains(view) ? "ALTER VIEW" : "CREATE VIEW";
            await session.ExecuteNonQueryAsync(
                $"{verb} {Cluster.Qualified(view)} AS SELECT * FROM {Cluster.Qualified(ClusterAttribution.RunTable(view, runId))}", null, ct);
        }
    }

    /// <summary>Drops every web run table but those of <paramref name="keepRuns"/>; returns what it dropped.</summary>
    public async Task<IReadOnlyList<string>> DropRunTablesAsync(Hs2Session session, IReadOnlyCollection<long> keepRuns, CancellationToken ct = default)
    {
        var stale = (await Cluster.TablesAsync(session, ct)).Where(table => RunTableName.Match(table) is { Success: true } m
            && !keepRuns.Contains(long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))).ToList();
        foreach (var table in stale)
            await session.ExecuteNonQueryAsync(ImpalaDdl.DropTable(Database, table), null, ct);
        return stale;
    }

    /// <summary>Drops one run's tables (a run that failed before it published, or its retry).</summary>
    public async Task DropRunAsync(Hs2Session session, long runId, CancellationToken ct = default)
    {
        foreach (var view in Views)
            await session.ExecuteNonQueryAsync(ImpalaDdl.DropTable(Database, ClusterAttribution.RunTable(view, runId)), null, ct);
    }

    /// <summary>A run table of one of the <see cref="Views"/>: group 2 is its run.</summary>
    static readonly Regex RunTableName = new($@"^({string.Join("|", Views.Select(Regex.Escape))})_r(\d+)$", RegexOptions.Compiled);
}
