namespace BrightFunnel.Warehouse.Generation;

/// <summary>
/// OpportunityContactRole.csv, with the gaps real orgs have: opportunities on empty accounts have
/// none, a quarter of the others have none either, most have one primary role but some have no
/// primary, some roles have no Role value, and a few roles go to a contact of another account
/// (a partner's). A conversion's opportunity has its converted contact as primary.
/// </summary>
static class OpportunityContactRoleWriter
{
    public static readonly IReadOnlyList<string> Columns =
        ["Id", "OpportunityId", "ContactId", "Role", "IsPrimary", "CreatedDate", "LastModifiedDate", "SystemModstamp", "IsDeleted"];

    static readonly string[] Roles =
    [
        "Business User", "Decision Maker", "Economic Buyer", "Economic Decision Maker", "Evaluator", "Executive Sponsor",
        "Influencer", "Technical Buyer", "Other",
    ];

    public static void Write(TenantPlan plan, CsvWriter csv)
    {
        csv.WriteHeader(Columns);
        Span<char> id = stackalloc char[18];
        Span<int> chosen = stackalloc int[16];
        long next = 0;
        for (var o = 0; o < plan.Opportunities; o++)
        {
            var r = Rng.For(plan.Seed, RngStream.RoleRows, o);
            var account = plan.OpportunityAccount[o];
            var start = plan.ContactStart[account];
            var available = plan.ContactCount[account];
            var extra = plan.AccountSegment[account] switch { Segment.Enterprise => 2.0, Segment.MidMarket => 1.0, _ => 0.3 };
            var count = 0;
            int wanted;
            if (plan.OpportunityContact[o] >= 0)
            {
                // A conversion's opportunity: the converted contact, most of the time alone.
                chosen[count++] = plan.OpportunityContact[o];
                wanted = 1 + (r.Chance(0.3) ? 1 + r.Poisson(extra) : 0);
            }
            else
            {
                if (available == 0 || r.Chance(0.25)) continue;
                wanted = 1 + r.Poisson(extra);
            }
            wanted = Math.Min(Math.Min(wanted, chosen.Length), Math.Max(count, available));
            for (var attempt = 0; count < wanted && attempt < 4 * wanted; attempt++)
            {
                var contact = r.Chance(0.02) ? r.Next(plan.Contacts) : start + r.Next(available);
                if (chosen[..count].Contains(contact)) continue;
                chosen[count++] = contact;
            }
            var hasPrimary = plan.OpportunityContact[o] >= 0 || r.Chance(0.85);
            for (var k = 0; k < count; k++)
            {
                var contact = chosen[k];
                plan.RoleIds.Write(next++, id);
                csv.Plain(id);
                plan.OpportunityIds.Write(o, id);
                csv.Plain(id);
                plan.ContactIds.Write(contact, id);
                csv.Plain(id);
                csv.Field(r.Chance(0.1) ? null : r.Pick(Roles));
                csv.Field(hasPrimary && k == 0);
                var created = plan.Time.Later(Math.Max(plan.OpportunityCreated[o], plan.ContactCreated[contact]), ref r, 30);
                var (modified, system) = plan.Time.Modstamps(created, ref r, 60);
                csv.DateTimeField(created).DateTimeField(modified).DateTimeField(system);
                csv.Field(false);
                csv.EndRecord();
            }
        }
    }
}
