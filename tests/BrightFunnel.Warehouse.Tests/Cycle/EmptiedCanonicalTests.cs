using BrightFunnel.Warehouse.Console;
using Dapper;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Tests.Cycle;

/// <summary>
/// A cycle whose exports empty a canonical table that had rows fails canonicalize and keeps the
/// previous results, until an operator runs it with <c>--allow-empty</c>; absent exports are said
/// in the ingest step and the run log.
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class EmptiedCanonicalTests
{
    [TestMethod]
    public void AnEmptiedCanonicalTableFailsTheStepUntilAllowEmpty()
    {
        using var cycle = new SampleTenantCycle();
        Assert.IsTrue(cycle.Run().Succeeded);
        using var web = cycle.Web();
        const string publication = "SELECT CONCAT(version, '/', run_id) FROM web_publications WHERE tenant_id = @t";
        var published = web.ExecuteScalar<string>(publication, new { t = cycle.Tenant.Id.Value });

        // Only Opportunity.csv, deleting both opportunities; every other export absent.
        var exports = Path.Combine(cycle.Tenant.Settings.ExportsRoot, cycle.Tenant.Id.Value);
        var deleting = File.ReadAllLines(Path.Combine(exports, "Opportunity.csv")).Select((l, i) => l + (i == 0 ? ",IsDeleted" : ",true")).ToList();
        foreach (var f in Directory.GetFiles(exports)) File.Delete(f);
        File.WriteAllLines(Path.Combine(exports, "Opportunity.csv"), deleting);

        var failed = cycle.Run();

        Assert.AreEqual(RunStatus.Failed, failed.Status);
        StringAssert.Contains(failed.Error, "cn_opportunities came out empty where it had rows");
        StringAssert.Contains(failed.Error, "bfw run <tenant> --allow-empty");
        var steps = cycle.History.Steps(failed.RunId);
        Assert.AreEqual(StepStatus.Failed, steps.Single(s => s.Step == CycleSteps.Canonicalize).Status);
        var ingest = steps.Single(s => s.Step == CycleSteps.Ingest).Detail;
        StringAssert.Contains(ingest, "Account.csv: absent, previous rows kept");
        StringAssert.Contains(ingest, "OpportunityContactRole.csv: absent, previous rows kept");
        Assert.IsTrue(cycle.History.Logs(failed.RunId).Any(l => l.Level == "WARN" && l.Message == "Account.csv: absent, previous rows kept"),
            "the run log says it with WARN");
        using (var c = cycle.Tenant.Open())
        {
            Assert.AreEqual(0L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM raw_opportunity"), "the deletions were ingested");
            Assert.AreEqual(2L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM cn_opportunities"), "the previous canonical opportunities stay");
        }
        Assert.AreEqual(published, web.ExecuteScalar<string>(publication, new { t = cycle.Tenant.Id.Value }), "nothing was published");

        var output = new StringWriter();
        var error = new StringWriter();
        var code = new BfwConsole(cycle.Tenant.Settings, output, error)
            .Run(["run", cycle.Tenant.Id.Value, "--only", "canonicalize", "--allow-empty", "--inline"]);

        Assert.AreEqual(0, code, error + output.ToString());
        StringAssert.Contains(output.ToString(), "allow-empty");
        using (var c = cycle.Tenant.Open())
            Assert.AreEqual(0L, c.ExecuteScalar<long>("SELECT COUNT(*) FROM cn_opportunities"), "the operator said the tenant really was emptied");
    }
}
