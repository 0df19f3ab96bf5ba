namespace BrightFunnel.Warehouse.Generation;

/// <summary>Account.csv: names with and without legal suffixes, websites in every common shape, skewed sizes.</summary>
static class AccountWriter
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "Id", "Name", "Website", "Type", "Industry", "AnnualRevenue", "NumberOfEmployees", "BillingCountry", "BillingState",
        "ParentId", "OwnerId", "CreatedDate", "LastModifiedDate", "SystemModstamp", "IsDeleted",
        "Tier__c", "Segment__c", "Notes__c",
    ];

    public static void Write(TenantPlan plan, CsvWriter csv)
    {
        csv.WriteHeader(Columns);
        Span<char> id = stackalloc char[18];
        for (var a = 0; a < plan.Accounts; a++)
        {
            var r = Rng.For(plan.Seed, RngStream.AccountRows, a);
            var company = plan.AccountCompany[a];
            var segment = plan.AccountSegment[a];
            plan.AccountIds.Write(a, id);
            csv.Plain(id);
            csv.Field(company.Name);
            csv.Field(plan.AccountHasWebsite[a] ? Website(company.Domain, ref r) : null);
            csv.Field(r.Chance(0.03) ? null : Type(segment, ref r));
            csv.Field(r.Chance(0.08) ? null : r.Pick(WordLists.Industries));
            var employees = segment switch
            {
                Segment.Enterprise => plan.AccountIsMega[a] ? r.Between(50_000, 300_000) : r.Between(5_000, 60_000),
                Segment.MidMarket => r.Between(200, 4_999),
                _ => r.Between(1, 199),
            };
            csv.Field(r.Chance(0.15) ? null : (decimal?)(employees * (long)r.Between(80, 400) * 1_000L));
            csv.Field(r.Chance(0.05) ? null : (long?)employees);
            csv.Field(company.Country.Name);
            csv.Field(company.Country.States.Length > 0 && r.Chance(0.9) ? r.Pick(company.Country.States) : null);
            if (plan.AccountParent[a] >= 0) { plan.AccountIds.Write(plan.AccountParent[a], id); csv.Plain(id); } else csv.Null();
            plan.WriteOwnerId(ref r, id);
            csv.Plain(id);
            var created = plan.AccountCreated[a];
            var (modified, system) = plan.Time.Modstamps(created, ref r, 900);
            csv.DateTimeField(created).DateTimeField(modified).DateTimeField(system);
            csv.Field(false);
            csv.Field(r.Chance(0.05) ? null : Tier(segment, ref r));
            csv.Field(r.Chance(0.02) ? null : segment switch { Segment.Enterprise => "Enterprise", Segment.MidMarket => "Mid-Market", _ => "SMB" });
            csv.Field(r.Chance(0.15) ? Notes(ref r) : null);
            csv.EndRecord();
        }
    }

    /// <summary>How people type a website into Salesforce: bare, www., http(s)://, trailing paths, subdomains.</summary>
    static string Website(string domain, ref Rng r) => r.Next(20) switch
    {
        < 8 => $"www.{domain}",
        < 12 => $"http://www.{domain}",
        < 14 => $"https://www.{domain}/",
        < 16 => domain,
        16 => $"https://{domain}",
        17 => $"https://{r.Pick(WordLists.Subdomains)}.{domain}",
        18 => $"http://www.{domain}/en-us/home",
        _ => $"HTTPS://WWW.{domain.ToUpperInvariant()}",
    };

    static string Type(Segment segment, ref Rng r)
    {
        var x = r.NextDouble();
        var customer = segment == Segment.Enterprise ? 0.55 : 0.3;
        if (x < customer) return r.Chance(0.85) ? "Customer - Direct" : "Customer - Channel";
        if (x < customer + 0.5) return "Prospect";
        return r.Pick(WordLists.AccountTypes);
    }

    static string Tier(Segment segment, ref Rng r) => segment switch
    {
        Segment.Enterprise => r.Chance(0.9) ? "Tier 1" : "Tier 2",
        Segment.MidMarket => r.Chance(0.8) ? "Tier 2" : r.Chance(0.5) ? "Tier 1" : "Tier 3",
        _ => r.Chance(0.85) ? "Tier 3" : "Tier 2",
    };

    /// <summary>A free-text note: commas, quotes and line breaks (LF, sometimes CRLF) as people type them.</summary>
    static string Notes(ref Rng r)
    {
        var lines = 1 + r.Next(3);
        var newline = r.Chance(0.2) ? "\r\n" : "\n";
        var parts = new string[lines];
        for (var i = 0; i < lines; i++) parts[i] = r.Pick(WordLists.NoteFragments);
        return string.Join(newline, parts);
    }
}
