using BrightFunnel.Warehouse.Generation;
using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Abm;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Filters;
using BrightFunnel.Warehouse.Orchestrator.Ingest;
using BrightFunnel.Warehouse.Testing;
using Dapper;

namespace BrightFunnel.Warehouse.Tests.Abm;

/// <summary>
/// A generated size-S tenant with <c>--abm</c> (planted engagement bursts, docs/abm.md): its target
/// file makes a list that reports the one unknown domain, and the engage step finds every planted spike.
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class PlantedSpikesTests
{
    [TestMethod]
    public void EveryPlantedBurstIsASpikeAndTheTargetFilesUnknownDomainIsReported()
    {
        using var tenant = new TestTenant();
        var folder = Directory.CreateTempSubdirectory("bfw-abm-").FullName;
        try
        {
            TenantDataGenerator.Generate(new GenerationOptions(GeneratorSize.S, 11, folder, Abm: true));
            var config = new TenantConfig { RevenueField = "ARR__c" };
            new ExportIngestor(tenant.ConnectionString, config).IngestFolder(folder);
            using var c = tenant.Open();
            TenantSettingsWriter.Write(c, new TenantConfigVersion(1, config, DateTime.UtcNow, "test"));
            CanonicalizeStep.Build(tenant.ConnectionString);
            MatchStep.Match(tenant.ConnectionString);
            c.Execute("CALL at_build_person_accounts()");
            c.Execute("RENAME TABLE at_person_accounts TO at_person_accounts_old, at_person_accounts_next TO at_person_accounts");
            c.Execute("DROP TABLE at_person_accounts_old");

            var file = Path.Combine(folder, AbmData.TargetAccountsFile);
            var targets = new TargetList("Targets", null, Path.GetFileName(file), TargetListFile.Read(file));
            var dates = RelativeDates.ForTenant(DateTime.UtcNow, "UTC", 1);
            var evaluation = TargetListEvaluation.Evaluate(c, [targets], dates).Single();
            Assert.AreEqual(AbmData.UnmatchedDomain, evaluation.Unmatched.Single().Value, "the one unknown domain is reported");
            Assert.AreEqual(targets.Entries.Count - 1, evaluation.Accounts, "every other entry is an account");

            TargetListEvaluation.Write(c, [targets], dates);
            c.Execute("CALL an_build_engagement(1, UTC_DATE())", commandTimeout: 0);
            var planted = AbmData.ReadSpikes(folder).Select(s => (s.AccountId, s.WeekStart)).ToList();
            Assert.IsGreaterThan(5, planted.Count, "the generator planted bursts");
            var recovery = SpikeRecovery.Measure(tenant.ConnectionString, planted);
            System.Console.WriteLine(recovery);
            Assert.AreEqual(planted.Count, recovery.Found, $"every planted burst is a spike: {recovery}");
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }
}
