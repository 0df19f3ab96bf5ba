using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Engines.MySql;
using BrightFunnel.Warehouse.Orchestrator.Runs;

namespace BrightFunnel.Warehouse.Tests.Cycle;

/// <summary>Which steps a run executes (<c>--from</c>, <c>--only</c>), and which engine a name chooses: no database needed.</summary>
[TestClass]
public sealed class CycleStepSelectionTests
{
    static string[] Names(string? from, string? only) => CycleSteps.Select(from, only).Select(s => s.Name).ToArray();

    [TestMethod]
    public void EveryStepRunsInOrderByDefault() =>
        CollectionAssert.AreEqual(new[] { "ingest", "check", "canonicalize", "match", "web", "attribute", "aggregate", "engage", "publish" }, Names(null, null));

    [TestMethod]
    public void EachStepIsNamedAsItsConstant() =>
        CollectionAssert.AreEqual(new[] { CycleSteps.Ingest, CycleSteps.Check, CycleSteps.Canonicalize, CycleSteps.Match, CycleSteps.Web, CycleSteps.Attribute, CycleSteps.Aggregate, CycleSteps.Engage, CycleSteps.Publish },
            CycleSteps.All.ToArray());

    [TestMethod]
    public void FromAStepRunsItAndEverythingAfter() =>
        CollectionAssert.AreEqual(new[] { "attribute", "aggregate", "engage", "publish" }, Names("attribute", null));

    [TestMethod]
    public void FromCanonicalizeRunsTheCheckFirst() =>
        CollectionAssert.AreEqual(new[] { "check", "canonicalize", "match", "web", "attribute", "aggregate", "engage", "publish" }, Names("canonicalize", null));

    [TestMethod]
    [DataRow("check")]
    [DataRow("canonicalize")]
    [DataRow("publish")]
    [DataRow("web")]
    public void OnlyRunsExactlyTheStepNamed(string step) => CollectionAssert.AreEqual(new[] { step }, Names(null, step));

    [TestMethod]
    public void FromWebRunsItThenAttribution() =>
        CollectionAssert.AreEqual(new[] { "web", "attribute", "aggregate", "engage", "publish" }, Names("web", null));

    [TestMethod]
    public void OnlyTheIngestSaysWhatItsSkipMakesOfTheRun() =>
        CollectionAssert.AreEqual(new[] { "ingest" }, CycleSteps.Steps.Where(s => s.RunStatusWhenSkipped == RunStatus.NoExports).Select(s => s.Name).ToArray());

    [TestMethod]
    public void AnUnknownStepIsRefusedListingTheSteps()
    {
        var e = Assert.ThrowsExactly<BadInputException>(() => CycleSteps.Select("bogus", null));
        Assert.AreEqual("unknown step 'bogus' (steps: ingest, check, canonicalize, match, web, attribute, aggregate, engage, publish)", e.Message);
        Assert.ThrowsExactly<BadInputException>(() => CycleSteps.Select(null, "Ingest"));
    }

    [TestMethod]
    public void FromAndOnlyTogetherAreRefused() =>
        Assert.AreEqual("use --from or --only, not both", Assert.ThrowsExactly<BadInputException>(() => CycleSteps.Select("match", "match")).Message);

    static AttributionEngines Engines() => new(new WarehouseSettings(), TenantId.Parse("acme"), 7, "Server=nowhere");

    [TestMethod]
    public void AnEngineIsChosenByItsName()
    {
        Assert.IsInstanceOfType<MySqlAttributionEngine>(Engines().Named("mysql"));
        Assert.IsInstanceOfType<ImpalaAttributionEngine>(Engines().Named("impala"));
        Assert.IsInstanceOfType<MySqlAnalyticsWork>(Engines().Named("mysql").AnalyticsWork());
        Assert.IsInstanceOfType<ImpalaAnalyticsWork>(Engines().Named("impala").AnalyticsWork());
        CollectionAssert.AreEqual(new[] { "impala", "mysql" }, AttributionEngines.Names.Select(n => Engines().Named(n).Name).ToArray());
    }

    [TestMethod]
    public void TheAggregateUsesTheEngineHoldingTheAttributionInForce()
    {
        Assert.AreEqual("mysql", Engines().InForce(null).Name, "no attribution yet");
        Assert.AreEqual("impala", Engines().InForce(new AttributionBuildInfo("impala", 1, DateTime.UtcNow, 10, "bfw_acme", 5, 4, 0)).Name);
        Assert.AreEqual("mysql", Engines().InForce(new AttributionBuildInfo("mysql", 1, DateTime.UtcNow, 10, null, null, null, null)).Name);
    }

    [TestMethod]
    public void AnUnknownEngineIsRefusedNamingIt()
    {
        StringAssert.Contains(Assert.ThrowsExactly<BadInputException>(() => Engines().Named("spark")).Message, "unknown engine 'spark' for tenant acme (engines: impala, mysql)");
        Assert.AreEqual("--engine must be impala or mysql, got 'spark'",
            Assert.ThrowsExactly<BadInputException>(() => AttributionEngines.Check("spark", "--engine")).Message);
        Assert.AreEqual("impala", AttributionEngines.Check("impala", "--engine"));
    }
}
