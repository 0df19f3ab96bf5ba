using Dapper;
using BrightFunnel.Warehouse.Orchestrator;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Tests;

/// <summary>
/// A migrated tenant of its own on the test server — isolated control and web databases, one
/// pod, one tenant — dropped again on dispose.
/// </summary>
public sealed class TestTenant : IDisposable
{
    public WarehouseSettings Settings { get; }
    public TenantId Id { get; }
    public string Prefix { get; }
    public WarehouseMigrations Migrations { get; }

    /// <param name="sqlRoot">The scripts to migrate with, when not the build's own (a copy with one more migration).</param>
    public TestTenant(string timeZone = "UTC", string? sqlRoot = null)
    {
        Prefix = TestServer.UniqueName("bft_");
        Settings = TestServer.IsolatedSettings(Prefix, sqlRoot);
        Id = TenantId.Parse(TestServer.UniqueName("t"));
        Migrations = new WarehouseMigrations(Settings);
        var outcomes = Migrations.Apply("all");
        if (outcomes.FirstOrDefault(o => !o.Succeeded) is { } failed) throw new InvalidOperationException(failed.Error);
        Migrations.Directory.AddPod("pod", TestServer.ConnectionString, 2);
        var added = Migrations.AddTenant(Id, "pod", timeZone);
        if (!added.Succeeded) throw new InvalidOperationException(added.Error);
    }

    public string ConnectionString => Migrations.Directory.TenantConnectionString(Id);

    public MySqlConnection Open()
    {
        var c = new MySqlConnection(ConnectionString);
        c.Open();
        return c;
    }

    /// <summary>Defines a position model the way a migration would: one row of <c>at_models</c>.</summary>
    public void AddPositionModel(string model, double first, double middle, double last)
    {
        using var c = Open();
        c.Execute("INSERT INTO at_models (model, kind, first_weight, middle_weight, last_weight) VALUES (@model, 'position', @first, @middle, @last)",
            new { model, first, middle, last });
    }

    public void Dispose() => TestServer.DropDatabases(Prefix + "_control", Prefix + "_web", Id.DatabaseName);
}
