using BrightFunnel.Warehouse.Orchestrator;
using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Bench;

/// <summary>
/// One pod of bench tenants on the private MariaDB, with control and web databases of its own
/// (<c>bfb_pod_control</c>, <c>bfb_pod_web</c>) so the scheduler's QRTZ_ tables and run history hold
/// nothing but this bench; every database is dropped before and after.
/// </summary>
public sealed class BenchPod : IDisposable
{
    public const string PodName = "bench";
    // Every tenant gets a cron trigger when the node starts; this one never fires, so only the queued runs run.
    const string NeverCron = "0 0 2 1 1 ? 2099";
    const string Prefix = "bfb_pod";

    readonly string server;
    readonly List<TenantId> tenants = [];

    public WarehouseSettings Settings { get; }
    public IReadOnlyList<TenantId> Tenants => tenants;

    public BenchPod(string server, int maxConcurrent, string exportsRoot)
    {
        this.server = server;
        Settings = new WarehouseSettings
        {
            Control = new DatabaseSettings { ConnectionString = ConnectionStrings.WithDatabase(server, Prefix + "_control") },
            Web = new DatabaseSettings { ConnectionString = ConnectionStrings.WithDatabase(server, Prefix + "_web") },
            ExportsRoot = exportsRoot,
            // As `bfw serve` would read them (bfw.json, BFW__Scheduler__…), so a timing can be tried here before a node gets it.
            Scheduler = WarehouseSettings.Load().Scheduler,
        };
        Drop(OwnDatabases);
        var migrations = new WarehouseMigrations(Settings);
        if (migrations.Apply("all").FirstOrDefault(o => !o.Succeeded) is { } failed) throw new InvalidOperationException(failed.Error);
        migrations.Directory.AddPod(PodName, server, maxConcurrent);
    }

    /// <summary>Adds and migrates a tenant on the pod, with the revenue field the generator fills.</summary>
    public void AddTenant(TenantId tenant)
    {
        // Recorded before migrating, so Dispose drops its database even when migrating fails halfway.
        tenants.Add(tenant);
        Drop([tenant.DatabaseName]);
        var added = new WarehouseMigrations(Settings).AddTenant(tenant, PodName, "UTC", NeverCron);
        if (!added.Succeeded) throw new InvalidOperationException(added.Error);
        new TenantConfigStore(Settings.Control.ConnectionString).Save(tenant, new TenantConfig { RevenueField = "ARR__c" });
    }

    static readonly string[] OwnDatabases = [Prefix + "_control", Prefix + "_web"];

    void Drop(IEnumerable<string> databases)
    {
        using var c = new MySqlConnection(server);
        c.Open();
        foreach (var db in databases) c.Execute($"DROP DATABASE IF EXISTS `{db}`");
    }

    public void Dispose() => Drop(tenants.Select(t => t.DatabaseName).Concat(OwnDatabases));
}
