using BrightFunnel.Warehouse.Console;
using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Ingest;
using Dapper;

namespace BrightFunnel.Warehouse.Tests.Orchestrator;

[TestClass]
[TestCategory("integration")]
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

    /// <summary>A tenant with the sample exports loaded (two opportunities: Closed Won and Negotiation).</summary>
    static TestTenant SampleTenant()
    {
        var tenant = new TestTenant();
        var folder = Directory.CreateTempSubdirectory("bfw-exports-").FullName;
        try
        {
            SampleExports.Write(folder);
            new ExportIngestor(tenant.ConnectionString, new TenantConfig()).IngestFolder(folder);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
        return tenant;
    }

    static TenantCheckReport Check(TestTenant tenant, TenantConfig config) =>
        new TenantCheck(tenant.ConnectionString).Run(tenant.Id, new TenantConfigVersion(2, config, DateTime.UtcNow, "test"));

    [TestMethod]
    public void TheSampleTenantPassesWithItsDefaults()
    {
        using var tenant = SampleTenant();
        var report = Check(tenant, new TenantConfig());
        Assert.IsFalse(report.HasErrors, report.DescribeErrors());
        Assert.AreEqual(Severity.Ok, report.Findings.Single(f => f.Topic == "attribution").Severity);
    }

    [TestMethod]
    [DataRow("closed_won_stages", "Closed Wonn", "closed_won_stages=Closed Won,Closed Wonn")]
    [DataRow("closed_lost_stages", "Closed Lots", "closed_won_stages=Closed Won", "closed_lost_stages=Closed Lots")]
    [DataRow("responded_statuses", "Atended", "responded_statuses=Attended,Atended")]
    public void AConfiguredStageOrStatusThatOccursNowhereFailsTheCheck(string setting, string value, params string[] assignments)
    {
        using var tenant = SampleTenant();
        var config = new TenantConfig().With(assignments, "test");

        var report = Check(tenant, config);

        var finding = report.Findings.Single(f => f.Topic == setting);
        Assert.AreEqual(Severity.Error, finding.Severity, finding.Message);
        StringAssert.Contains(finding.Message, $"'{value}'");
        StringAssert.Contains(finding.Message, $"--set {setting}=");
    }

    [TestMethod]
    public void ARevenueFieldThatIsMostlyNotANumberFailsTheCheckAndSaysHowMany()
    {
        using var tenant = SampleTenant();
        using (var c = tenant.Open())
            c.Execute("UPDATE raw_opportunity SET extra = JSON_SET(COALESCE(extra, '{}'), '$.Region__c', 'EMEA', '$.Score__c', IF(Id LIKE '%1AAA', 'abc', '12'))");

        var words = Check(tenant, new TenantConfig { RevenueField = "Region__c" }).Findings.Single(f => f.Topic == "revenue_field");
        Assert.AreEqual(Severity.Error, words.Severity);
        StringAssert.Contains(words.Message, "missing or not a number on 2 of 2 opportunities");

        var half = Check(tenant, new TenantConfig { RevenueField = "Score__c" }).Findings.Single(f => f.Topic == "revenue_field");
        Assert.AreEqual(Severity.Warning, half.Severity, "one of two is no majority: " + half.Message);
        StringAssert.Contains(half.Message, "1 not a number");

        var arr = Check(tenant, new TenantConfig { RevenueField = "ARR__c" }).Findings.Single(f => f.Topic == "revenue_field");
        Assert.AreEqual(Severity.Ok, arr.Severity, "ARR__c is empty on one of two: " + arr.Message);
    }

    [TestMethod]
    public void ZeroAttributableOpportunitiesFailsTheCheck()
    {
        using var tenant = SampleTenant();
        // Only the orphan lead was "Sent": it reaches no opportunity through any influence path.
        var none = Check(tenant, new TenantConfig { RespondedStatuses = ["Sent"] });
        var finding = none.Findings.Single(f => f.Topic == "attribution");
        Assert.AreEqual(Severity.Error, finding.Severity);
        StringAssert.Contains(finding.Message, "zero opportunities would be attributed");
        // Bob registered: he reaches both opportunities through his account, but has no contact role.
        Assert.IsFalse(Check(tenant, new TenantConfig { RespondedStatuses = ["Registered"] }).HasErrors);
        Assert.AreEqual(Severity.Error, Check(tenant, new TenantConfig { RespondedStatuses = ["Registered"], InfluencePath = "contact_roles" })
            .Findings.Single(f => f.Topic == "attribution").Severity);
        // Ann's response as a lead reaches opportunity 1 through the contact role she was converted into.
        Assert.IsFalse(Check(tenant, new TenantConfig { InfluencePath = "primary_contact_role" }).HasErrors);
    }

    [TestMethod]
    public void TheConsoleCheckExitsOneAndEndsWithEachFailAndWhatToDo()
    {
        using var tenant = SampleTenant();
        new TenantConfigStore(tenant.Settings.Control.ConnectionString).Save(tenant.Id, new TenantConfig { ClosedWonStages = ["Closed Wonn"] });
        var (output, error) = (new StringWriter(), new StringWriter());

        var code = new BfwConsole(tenant.Settings, output, error).Run(["tenant", "check", tenant.Id.Value]);

        Assert.AreEqual(1, code, error.ToString());
        var lines = output.ToString().TrimEnd().Split('\n');
        Assert.AreEqual("setup check FAILED", lines[^1].TrimEnd());
        StringAssert.StartsWith(lines[^2], "FAIL closed_won_stages: no opportunity has stage 'Closed Wonn'");
        StringAssert.Contains(lines[^2], $"bfw tenant config {tenant.Id.Value} --set closed_won_stages=");
    }
}
