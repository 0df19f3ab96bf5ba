namespace BrightFunnel.Warehouse.Orchestrator.Generation;

/// <summary>Who a contact is; a lead converted into the contact carries the same name and address.</summary>
readonly record struct PersonIdentity(string? FirstName, string LastName, string? Email, string Title)
{
    /// <summary>Contact <paramref name="c"/>: mostly a work address at its account's domain (sometimes a subdomain), a few free-mail or none.</summary>
    public static PersonIdentity OfContact(TenantPlan plan, int c)
    {
        var r = Rng.For(plan.Seed, RngStream.ContactIdentity, c);
        var (first, last) = People.Name(ref r);
        var a = plan.ContactAccount[c];
        var x = r.NextDouble();
        var email = x < 0.03 ? null
            : x < 0.08 ? People.FreeEmail(first, last, ref r)
            : People.WorkEmail(first, last, plan.AccountEmailPattern[a], People.MailDomain(plan.AccountCompany[a].Domain, ref r, 0.08), ref r);
        return new PersonIdentity(first, last, email, People.Title(ref r));
    }
}

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
