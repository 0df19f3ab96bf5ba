using BrightFunnel.Warehouse.Orchestrator;
using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Bench;

/// <summary>
/// Pods of bench tenants on the private MariaDB (one pod unless asked for more, all on that server),
/// with control and web databases of their own (<c>{prefix}_control</c>, <c>{prefix}_web</c>) so the
/// scheduler's QRTZ_ tables and run history hold nothing but this bench; every database is dropped
/// before and after.
/// </summary>
public sealed class BenchPod : IDisposable
{
    public const string PodName = "bench";
    // Every tenant gets a cron trigger when the node starts; this one never fires, so only the queued runs run.
    const string NeverCron = "0 0 2 1 1 ? 2099";
    readonly string server;
    readonly string prefix;
    readonly List<TenantId> tenants = [];

    public WarehouseSettings Settings { get; }
    public IReadOnlyList<TenantId> Tenants => tenants;

    /// <summary>The pods' names: <see cref="PodName"/>, then <c>bench2</c>, <c>bench3</c>, ….</summary>
    public IReadOnlyList<string> Pods { get; }

    public BenchPod(string server, int maxConcurrent, string exportsRoot, string prefix = "bfb_pod", int pods = 1)
    {
        this.server = server;
        this.prefix = prefix;
        Pods = Enumerable.Range(1, pods).Select(i => i == 1 ? PodName : PodName + i).ToList();
        Settings = new WarehouseSettings
        {
            Control = new DatabaseSettings { ConnectionString = ConnectionStrings.WithDatabase(server, prefix + "_control") },
            Web = new DatabaseSettings { ConnectionString = ConnectionStrings.WithDatabase(server, prefix + "_web") },
            ExportsRoot = exportsRoot,
            // As `bfw serve` would read them (bfw.json, BFW__Scheduler__…), so a timing can be tried here before a node gets it.
            Scheduler = WarehouseSettings.Load().Scheduler,
        };
        Drop(OwnDatabases);
        var migrations = new WarehouseMigrations(Settings);
        if (migrations.Apply("all").FirstOrDefault(o => !o.Succeeded) is { } failed) throw new InvalidOperationException(failed.Error);
        foreach (var pod in Pods) migrations.Directory.AddPod(pod, server, maxConcurrent);
    }

    /// <summary>Adds and migrates a tenant on a pod (the first unless named), with the revenue field the generator fills.</summary>
    public void AddTenant(TenantId tenant, string pod = PodName)
    {
        // Recorded before migrating, so Dispose drops its database even when migrating fails halfway.
        tenants.Add(tenant);
        Drop([tenant.DatabaseName]);
        var added = new WarehouseMigrations(Settings).AddTenant(tenant, pod, "UTC", NeverCron);
        if (!added.Succeeded) throw new InvalidOperationException(added.Error);
        new TenantConfigStore(Settings.Control.ConnectionString).Save(tenant, new TenantConfig { RevenueField = "ARR__c" });
    }

    string[] OwnDatabases => [prefix + "_control", prefix + "_web"];

    void Drop(IEnumerable<string> databases)
    {
        using var c = new MySqlConnection(server);
        c.Open();
        foreach (var db in databases) c.Execute($"DROP DATABASE IF EXISTS `{db}`");
    }

    public void Dispose() => Drop(tenants.Select(t => t.DatabaseName).Concat(OwnDatabases));
}
