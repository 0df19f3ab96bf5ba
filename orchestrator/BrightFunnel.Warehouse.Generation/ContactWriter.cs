namespace BrightFunnel.Warehouse.Generation;

/// <summary>Contact.csv: people at accounts, some of them converted leads.</summary>
static class ContactWriter
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "Id", "AccountId", "FirstName", "LastName", "Email", "Title", "LeadSource", "OwnerId",
        "CreatedDate", "LastModifiedDate", "SystemModstamp", "IsDeleted", "Persona__c",
    ];

    public static void Write(TenantPlan plan, CsvWriter csv)
    {
        csv.WriteHeader(Columns);
        Span<char> id = stackalloc char[18];
        for (var c = 0; c < plan.Contacts; c++)
        {
            var r = Rng.For(plan.Seed, RngStream.ContactRows, c);
            var person = PersonIdentity.OfContact(plan, c);
            plan.ContactIds.Write(c, id);
            csv.Plain(id);
            plan.AccountIds.Write(plan.ContactAccount[c], id);
            csv.Plain(id);
            csv.Field(person.FirstName).Field(person.LastName).Field(person.Email);
            csv.Field(r.Chance(0.1) ? null : person.Title);
            csv.Field(r.Chance(0.3) ? null : r.Pick(WordLists.LeadSources));
            plan.WriteOwnerId(ref r, id);
            csv.Plain(id);
            var created = plan.ContactCreated[c];
            var (modified, system) = plan.Time.Modstamps(created, ref r);
            csv.DateTimeField(created).DateTimeField(modified).DateTimeField(system);
            csv.Field(false);
            csv.Field(r.Chance(0.4) ? null : r.Pick(WordLists.Personas));
            csv.EndRecord();
        }
    }
}
