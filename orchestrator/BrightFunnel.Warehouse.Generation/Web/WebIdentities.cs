namespace BrightFunnel.Warehouse.Generation;

/// <summary>
/// The people a visitor can identify as: every contact, and every lead not converted (a converted
/// lead is its contact's person and shares its address). Person index p is contact p below
/// <see cref="TenantPlan.Contacts"/>, lead p − Contacts above. Only people whose address no other
/// person has can identify, so an email hash names exactly one record and the truth is unambiguous.
/// </summary>
sealed class WebIdentities
{
    readonly TenantPlan plan;
    readonly ulong[] crmEmails;

    public WebIdentities(TenantPlan plan)
    {
        this.plan = plan;
        var keys = new ulong[plan.Contacts + plan.Leads];
        Parallel.For(0, keys.Length, p => keys[p] = IsPerson(p) && Email(p) is { } email ? Key(email) : 0);
        crmEmails = [.. keys.Where(k => k != 0).Order()];
        var duplicates = new HashSet<ulong>();
        for (var i = 1; i < crmEmails.Length; i++) if (crmEmails[i] == crmEmails[i - 1]) duplicates.Add(crmEmails[i]);
        CanIdentify = [.. keys.Select(k => k != 0 && !duplicates.Contains(k))];
    }

    public int People => plan.Contacts + plan.Leads;

    /// <summary>Person p has an address of their own.</summary>
    public bool[] CanIdentify { get; }

    public bool IsContact(int p) => p < plan.Contacts;

    bool IsPerson(int p) => IsContact(p) || plan.LeadKinds[p - plan.Contacts] != LeadKind.Converted;

    /// <summary>The address in Contact.csv or Lead.csv.</summary>
    public string? Email(int p)
    {
        if (IsContact(p)) return PersonIdentity.OfContact(plan, p).Email;
        var l = p - plan.Contacts;
        var r = Rng.For(plan.Seed, RngStream.LeadRows, l);
        return LeadIdentity.Of(plan, l, ref r).Email;
    }

    /// <summary>The contact or lead id the web step links the person's visitors to.</summary>
    public string RecordId(int p) => IsContact(p) ? plan.ContactIds.Get(p) : plan.LeadIds.Get(p - plan.Contacts);

    /// <summary>When the person's record was created (ticks).</summary>
    public long Created(int p) => IsContact(p) ? plan.ContactCreated[p] : plan.LeadCreated[p - plan.Contacts];

    /// <summary>An address that no lead or contact has: what a visitor unknown to the CRM types into a form.</summary>
    public string UnknownEmail(ref Rng rng)
    {
        var (first, last) = Generation.People.Name(ref rng);
        var email = Generation.People.FreeEmail(first, last, ref rng);
        while (Array.BinarySearch(crmEmails, Key(email)) >= 0) email = rng.Next(10) + email;
        return email;
    }

    /// <summary>FNV-1a (64-bit) of the address as it is hashed: trimmed, lower case. Collisions only make an address look taken.</summary>
    static ulong Key(string email)
    {
        var h = 14695981039346656037UL;
        foreach (var c in email.Trim()) h = (h ^ char.ToLowerInvariant(c)) * 1099511628211UL;
        return h == 0 ? 1 : h;
    }
}
