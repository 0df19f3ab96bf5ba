using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Tests.Cycle;

/// <summary>A test tenant with the sample exports in its exports folder, whose cycle a test runs inline and reads the history of.</summary>
sealed class SampleTenantCycle : IDisposable
{
    readonly string exports = Directory.CreateTempSubdirectory("bfw-exports-").FullName;

    public SampleTenantCycle()
    {
        Tenant = new TestTenant();
        Tenant.Settings.ExportsRoot = exports;
        SampleExports.Write(Directory.CreateDirectory(Path.Combine(exports, Tenant.Id.Value)).FullName);
        History = new RunStore(Tenant.Settings.Control.ConnectionString);
    }

    public TestTenant Tenant { get; }

    public RunStore History { get; }

    /// <summary>Queues a run as the console does and executes it here.</summary>
    public CycleOutcome Run(string? from = null, string? only = null, string? engine = null, bool allowEmpty = false) =>
        new DataCycle(Tenant.Settings, "test-node").Execute(History.Queue(Tenant.Id, "console", from, only, engine, allowEmpty: allowEmpty));

    public MySqlConnection Web()
    {
        var c = new MySqlConnection(Tenant.Settings.Web.ConnectionString);
        c.Open();
        return c;
    }

    public void Dispose()
    {
        Tenant.Dispose();
        Directory.Delete(exports, true);
    }
}
