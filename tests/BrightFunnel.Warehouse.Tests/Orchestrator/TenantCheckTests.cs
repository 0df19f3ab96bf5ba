using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Ingest;

namespace BrightFunnel.Warehouse.Tests.Orchestrator;

[TestClass]
public sealed class TenantCheckTests
{
    [TestMethod]
    public void MissingRevenueFieldIsAnErrorListingNumericCandidates()
    {
        using var tenant = new TestTenant();
        var folder = Directory.CreateTempSubdirectory("bfw-exports-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "Opportunity.csv"), """
                Id,AccountId,Amount,ARR__c,Region__c,CloseDate,CreatedDate,StageName,IsClosed,IsWon
                006000000000001AAA,001000000000001AAA,,1200.50,EMEA,2020-11-30,2020-06-01T00:00:00.000Z,,,
                006000000000002AAA,001000000000001AAA,,99,APAC,2020-11-30,2020-06-01T00:00:00.000Z,,,
                """);
            File.WriteAllText(Path.Combine(folder, "CampaignMember.csv"), """
                Id,CampaignId,ContactId,HasResponded,CreatedDate,LeadId,FirstRespondedDate
                00v000000000001AAA,701000000000001AAA,003000000000001AAA,true,2020-02-01T00:00:00.000Z,,
                00v000000000002AAA,701000000000001AAA,003000000000002AAA,false,2020-02-01T00:00:00.000Z,,
                00v000000000003AAA,701000000000001AAA,003000000000003AAA,false,2020-02-01T00:00:00.000Z,,
                """);
            new ExportIngestor(tenant.ConnectionString, new TenantConfig()).IngestFolder(folder);
            var config = new TenantConfigVersion(3, new TenantConfig { RevenueField = "Revenue__c" }, DateTime.UtcNow, "test");

            var report = new TenantCheck(tenant.ConnectionString).Run(tenant.Id, config);

            Assert.IsTrue(report.HasErrors);
            var revenue = report.Findings.Single(f => f.Topic == "revenue_field");
            Assert.AreEqual(Severity.Error, revenue.Severity);
            StringAssert.Contains(revenue.Message, "Revenue__c is missing");
            StringAssert.Contains(revenue.Message, "numeric candidates: ARR__c");
            Assert.DoesNotContain("Region__c", revenue.Message);
            Assert.AreEqual(2, report.RowsPerObject["Opportunity"]);
            Assert.AreEqual(1, report.Facts.Single(f => f.Measure == "campaign members responded").Value);
            Assert.AreEqual(2, report.Facts.Single(f => f.Measure == "campaign members not responded").Value);
            Assert.AreEqual(2, report.Facts.Single(f => f.Measure == "opportunities without contact roles").Value);

            var fixedReport = new TenantCheck(tenant.ConnectionString).Run(tenant.Id, config with { Config = new TenantConfig { RevenueField = "ARR__c" } });
            Assert.AreEqual(Severity.Ok, fixedReport.Findings.Single(f => f.Topic == "revenue_field").Severity);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }
}
