using BrightFunnel.Warehouse.Orchestrator;
using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Bench;

/// <summary>A tenant of its own for one bench section, on the private MariaDB, dropped afterwards.</summary>
public sealed class BenchTenant : IDisposable
{
    public WarehouseSettings Settings { get; }
    public TenantId Id { get; }
    readonly string prefix;
    readonly string server;

    public BenchTenant(string server, string name, TenantConfig? config = null)
    {
        this.server = server;
        prefix = $"bfb_{name}";
        Id = TenantId.Parse($"bench_{name}");
        Settings = new WarehouseSettings
        {
            Control = new DatabaseSettings { ConnectionString = ConnectionStrings.WithDatabase(server, prefix + "_control") },
            Web = new DatabaseSettings { ConnectionString = ConnectionStrings.WithDatabase(server, prefix + "_web") },
        };
        Drop();
        var migrations = new WarehouseMigrations(Settings);
        if (migrations.Apply("all").FirstOrDefault(o => !o.Succeeded) is { } failed) throw new InvalidOperationException(failed.Error);
        migrations.Directory.AddPod("bench", server, 4);
        var added = migrations.AddTenant(Id, "bench");
        if (!added.Succeeded) throw new InvalidOperationException(added.Error);
        var configs = new TenantConfigStore(Settings.Control.ConnectionString);
        configs.Save(Id, config ?? new TenantConfig());
        using var c = Open();
        TenantSettingsWriter.Write(c, configs.Current(Id));
    }

    public string ConnectionString => new TenantDirectory(Settings).TenantConnectionString(Id);

    public MySqlConnection Open()
    {
        var c = new MySqlConnection(ConnectionString);
        c.Open();
        return c;
    }

    void Drop()
    {
        using var c = new MySqlConnection(server);
        c.Open();
        foreach (var db in new[] { prefix + "_control", prefix + "_web", Id.DatabaseName })
            c.Execute($"DROP DATABASE IF EXISTS `{db}`");
    }

    public void Dispose() => Drop();
}
