using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Ingest;

namespace BrightFunnel.Warehouse.Tests.Ingest;

[TestClass]
public sealed class RequiredColumnsTests
{
    static SalesforceObject Object(string name) => SalesforceObject.All.Single(o => o.ApiName == name);

    static string[] Names(TenantConfig config, string name) => new RequiredColumns(config).For(Object(name)).Select(c => c.Name).ToArray();

    static readonly RawColumn[] OpportunityTyped =
        [new("Id", RawType.SalesforceId, 18, 0, 0), new("Amount", RawType.Decimal, 0, 18, 2), new("StageName", RawType.Text, 80, 0, 0)];

    [TestMethod]
    public void FollowsTheTenantsMapping()
    {
        CollectionAssert.AreEqual(new[] { "Id", "AccountId", "StageName", "Amount", "CloseDate", "CreatedDate", "IsClosed", "IsWon" },
            Names(new TenantConfig(), "Opportunity"));
        CollectionAssert.AreEqual(new[] { "Id", "AccountId", "StageName", "ARR__c", "CloseDate", "CreatedDate" },
            Names(new TenantConfig { RevenueField = "ARR__c", ClosedWonStages = ["Won"] }, "Opportunity"), "a stage mapping replaces IsClosed/IsWon");
        CollectionAssert.Contains(Names(new TenantConfig(), "CampaignMember"), "HasResponded");
        CollectionAssert.Contains(Names(new TenantConfig { RespondedStatuses = ["Attended"] }, "CampaignMember"), "Status");
        CollectionAssert.DoesNotContain(Names(new TenantConfig { RespondedStatuses = ["Attended"] }, "CampaignMember"), "HasResponded");
        CollectionAssert.AreEqual(new[] { "Id", "Type", "ActualCost" }, Names(new TenantConfig(), "Campaign"));
        CollectionAssert.AreEqual(new[] { "Id", "Channel__c", "Cost__c" }, Names(new TenantConfig { ChannelField = "Channel__c", CostField = "Cost__c" }, "Campaign"));
        CollectionAssert.Contains(Names(new TenantConfig { AccountTierField = "Segment__c" }, "Account"), "Segment__c");
    }

    [TestMethod]
    public void OnlyCustomNumbersTheMappingReadsAreChecked()
    {
        Assert.IsEmpty(new RequiredColumns(new TenantConfig()).CustomNumbers(Object("Opportunity"), OpportunityTyped), "Amount is typed already");
        var arr = new RequiredColumns(new TenantConfig { RevenueField = "ARR__c" }).CustomNumbers(Object("Opportunity"), OpportunityTyped).Single();
        Assert.AreEqual(("ARR__c", RawType.Decimal, 18, 2), (arr.Name, arr.Type, arr.Precision, arr.Scale));
        Assert.IsEmpty(new RequiredColumns(new TenantConfig { RevenueField = "ARR__c" }).CustomNumbers(Object("Account"), []));
    }

    [TestMethod]
    public void ARefusalNamesTheFileTheColumnsAndWhy()
    {
        var required = new RequiredColumns(new TenantConfig { RevenueField = "ARR__c" });
        var e = Assert.ThrowsExactly<BadInputException>(() =>
            required.Check("Opportunity.csv", Object("Opportunity"), ["Id", "AccountId", "arr__c", "CloseDate", "CreatedDate", "IsClosed", "IsWon"], OpportunityTyped));
        Assert.AreEqual("Opportunity.csv: columns StageName, ARR__c are missing; the mapping needs them " +
                        "(StageName: the canonical procedures read it; ARR__c: revenue_field = ARR__c). Nothing was loaded.", e.Message);
        // Typed columns match in any case, as the loader matches them.
        required.Check("Opportunity.csv", Object("Opportunity"), ["ID", "ACCOUNTID", "STAGENAME", "ARR__c", "CLOSEDATE", "CREATEDDATE", "ISCLOSED", "ISWON"],
            [.. OpportunityTyped, new("AccountId", RawType.SalesforceId, 18, 0, 0), new("CloseDate", RawType.Date, 0, 0, 0),
             new("CreatedDate", RawType.DateTime, 0, 0, 0), new("IsClosed", RawType.Boolean, 0, 0, 0), new("IsWon", RawType.Boolean, 0, 0, 0)]);
    }
}
