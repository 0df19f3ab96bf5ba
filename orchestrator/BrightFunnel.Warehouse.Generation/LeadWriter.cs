namespace BrightFunnel.Warehouse.Generation;

/// <summary>
/// Lead.csv and the orphan-lead ground truth. Converted leads carry their contact's name and
/// address and point at the contact, account and (sometimes) opportunity they became. Unconverted
/// leads have no account field at all in Salesforce: most work at a known account (a work address
/// at its domain or a subdomain, Company a variant of its name), some use free-mail (only the
/// company name to go on), and some work for a company that is no account (truth: none).
/// </summary>
static class LeadWriter
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "Id", "FirstName", "LastName", "Email", "Company", "Website", "Title", "Status", "LeadSource", "IsConverted",
        "ConvertedAccountId", "ConvertedContactId", "ConvertedOpportunityId", "ConvertedDate", "OwnerId",
        "CreatedDate", "LastModifiedDate", "SystemModstamp", "IsDeleted", "Lead_Score__c",
    ];

    static readonly string[] OpenStatuses = ["Open - Not Contacted", "Working - Contacted", "Closed - Not Converted"];

    public static void Write(TenantPlan plan, CsvWriter csv, CsvWriter truth)
    {
        csv.WriteHeader(Columns);
        truth.WriteHeader(ExportFiles.OrphanLeadTruthColumns);
        Span<char> id = stackalloc char[18];
        for (var l = 0; l < plan.Leads; l++)
        {
            var r = Rng.For(plan.Seed, RngStream.LeadRows, l);
            var kind = plan.LeadKinds[l];
            var account = plan.LeadAccount[l];
            var (first, last, email, title, company, website) = LeadIdentity.Of(plan, l, ref r);

            plan.LeadIds.Write(l, id);
            csv.Plain(id);
            csv.Field(first).Field(last).Field(email).Field(company).Field(website);
            csv.Field(r.Chance(0.1) ? null : title);
            var converted = kind == LeadKind.Converted;
            csv.Field(converted ? "Closed - Converted" : r.Pick(OpenStatuses));
            csv.Field(r.Chance(0.15) ? null : r.Pick(WordLists.LeadSources));
            csv.Field(converted);
            var created = plan.LeadCreated[l];
            long touched = created;
            if (converted)
            {
                var contact = plan.LeadRef[l];
                plan.AccountIds.Write(account, id);
                csv.Plain(id);
                plan.ContactIds.Write(contact, id);
                csv.Plain(id);
                if (plan.LeadOpportunity[l] >= 0) { plan.OpportunityIds.Write(plan.LeadOpportunity[l], id); csv.Plain(id); } else csv.Null();
                touched = plan.ContactCreated[contact];
                csv.Field(DateOnly.FromDateTime(new DateTime(touched)));
            }
            else csv.Null().Null().Null().Null();
            plan.WriteOwnerId(ref r, id);
            csv.Plain(id);
            var (modified, system) = plan.Time.Modstamps(touched, ref r);
            csv.DateTimeField(created).DateTimeField(modified).DateTimeField(system);
            csv.Field(false);
            csv.Field(r.Chance(0.1) ? null : (long?)r.Next(101));
            csv.EndRecord();

            if (!converted)
            {
                plan.LeadIds.Write(l, id);
                truth.Plain(id);
                if (account >= 0) { plan.AccountIds.Write(account, id); truth.Plain(id); } else truth.Null();
                truth.EndRecord();
            }
        }
    }
}
