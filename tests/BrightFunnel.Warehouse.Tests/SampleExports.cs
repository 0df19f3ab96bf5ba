namespace BrightFunnel.Warehouse.Tests;

/// <summary>
/// A tiny tenant in Salesforce export format whose canonical rows are known by heart: one
/// account, two contacts (Ann was a lead first), an orphan lead, two campaigns, two opportunities.
/// </summary>
public static class SampleExports
{
    public static void Write(string folder)
    {
        File.WriteAllText(Path.Combine(folder, "Account.csv"), """
            Id,Name,Website,CreatedDate,Tier__c
            001000000000001AAA,Acme,acme.com,2019-01-01T00:00:00.000Z,Tier 1
            """);
        File.WriteAllText(Path.Combine(folder, "Contact.csv"), """
            Id,AccountId,Email,CreatedDate
            003000000000001AAA,001000000000001AAA,ann@acme.com,2020-03-01T12:00:00.000Z
            003000000000002AAA,001000000000001AAA,bob@acme.com,2020-03-01T02:00:00.000Z
            """);
        // Lead 1 was converted into contact 1 and is older than it; lead 2 is an orphan.
        File.WriteAllText(Path.Combine(folder, "Lead.csv"), """
            Id,Email,Company,IsConverted,ConvertedContactId,ConvertedAccountId,CreatedDate
            00Q000000000001EAA,ann@acme.com,Acme,true,003000000000001AAA,001000000000001AAA,2020-01-15T00:00:00.000Z
            00Q000000000002EAA,cy@gmail.com,ACME Corp,false,,,2020-02-01T00:00:00.000Z
            """);
        File.WriteAllText(Path.Combine(folder, "Campaign.csv"), """
            Id,Name,Type,ActualCost,Channel__c
            701000000000001AAA,Webinar,Webinar,1000,Events
            701000000000002AAA,Ads,,50.5,
            """);
        // Ann answered the webinar twice: once as a lead, once as a contact; the earlier counts.
        File.WriteAllText(Path.Combine(folder, "CampaignMember.csv"), """
            Id,CampaignId,ContactId,LeadId,Status,HasResponded,FirstRespondedDate,CreatedDate
            00v000000000001AAA,701000000000001AAA,,00Q000000000001EAA,Attended,true,2020-02-10,2020-02-01T00:00:00.000Z
            00v000000000002AAA,701000000000001AAA,003000000000001AAA,,Attended,true,2020-04-01,2020-04-01T00:00:00.000Z
            00v000000000003AAA,701000000000002AAA,003000000000002AAA,,Clicked,true,,2020-05-01T03:00:00.000Z
            00v000000000004AAA,701000000000002AAA,,00Q000000000002EAA,Sent,false,,2020-05-01T00:00:00.000Z
            00v000000000005AAA,701000000000001AAA,003000000000002AAA,,Registered,false,,2020-05-02T00:00:00.000Z
            """);
        File.WriteAllText(Path.Combine(folder, "Opportunity.csv"), """
            Id,AccountId,StageName,Amount,ARR__c,CloseDate,IsClosed,IsWon,CreatedDate
            006000000000001AAA,001000000000001AAA,Closed Won,100,1200,2020-11-30,true,true,2020-06-01T00:00:00.000Z
            006000000000002AAA,001000000000001AAA,Negotiation,200,,2021-02-01,false,false,2020-07-01T00:00:00.000Z
            """);
        File.WriteAllText(Path.Combine(folder, "OpportunityContactRole.csv"), """
            Id,OpportunityId,ContactId,Role,IsPrimary
            00K000000000001EAA,006000000000001AAA,003000000000001AAA,Decision Maker,true
            00K000000000002EAA,006000000000001AAA,003000000000001AAA,Influencer,false
            """);
    }
}
