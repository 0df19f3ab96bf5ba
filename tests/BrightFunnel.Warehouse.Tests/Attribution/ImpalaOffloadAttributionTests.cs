using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Tests.Impala;
using Dapper;

namespace BrightFunnel.Warehouse.Tests.Attribution;

/// <summary>The hand-computed cases on the Impala offload, against the local engine over TCP.</summary>
[TestClass]
public sealed class ImpalaOffloadAttributionTests : HandComputedAttributionTests
{
    TestEngine engine = null!;
    long run;

    [TestInitialize]
    public void StartEngine() => engine = TestEngine.Start();

    [TestCleanup]
    public async Task StopEngine() => await engine.DisposeAsync();

    protected override void Attribute() =>
        new AttributeStep(tenant.ConnectionString).RunOnImpala(tenant.Id, ++run, engine.OffloadSettings(fetchSize: 3), tenant.Settings.SqlRoot);

    [TestMethod]
    public void TheOffloadRecordsItsEngineAndCleansUpAfterItself()
    {
        LoadJourney();
        using var c = tenant.Open();
        Assert.AreEqual("impala", c.ExecuteScalar<string>("SELECT engine FROM at_build_info WHERE id = 1"));
        Assert.AreEqual(0L, c.ExecuteScalar<long>(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE '%\\_next'"));
        Assert.IsEmpty(Directory.GetFileSystemEntries(engine.Root, "*", SearchOption.AllDirectories).Where(File.Exists).ToList(),
            "the run's staged files are deleted");
    }
}
