namespace BrightFunnel.Warehouse.Generation;

/// <summary>A person's name, title and the email address conventions of their company.</summary>
static class People
{
    /// <summary>How a company builds addresses; one per account, so its people look alike.</summary>
    public const int EmailPatterns = 7;

    public static (string? First, string Last) Name(ref Rng rng, double missingFirstChance = 0.0) =>
        (rng.Chance(missingFirstChance) ? null : rng.Pick(WordLists.FirstNames), rng.Pick(WordLists.Surnames));

    public static string Title(ref Rng rng) => rng.Pick(WordLists.Titles);

    /// <summary>A work address: the company's pattern (first.last, flast, …) at <paramref name="domain"/>.</summary>
    public static string WorkEmail(string? first, string last, int pattern, string domain, ref Rng rng)
    {
        var f = first is null ? "" : TextFolding.Slug(first);
        var l = TextFolding.Slug(last);
        if (f.Length == 0) return $"{l}@{domain}";
        var local = pattern switch
        {
            0 => $"{f}.{l}",
            1 => $"{f[0]}{l}",
            2 => $"{f}{l[0]}",
            3 => f,
            4 => $"{f}_{l}",
            5 => $"{l}.{f}",
            _ => $"{f[0]}.{l}",
        };
        // Namesakes in big companies get a digit.
        if (rng.Chance(0.04)) local += (1 + rng.Next(9)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $"{local}@{domain}";
    }

    /// <summary>A personal address at a free-mail provider.</summary>
    public static string FreeEmail(string? first, string last, ref Rng rng)
    {
        var f = first is null ? "x" : TextFolding.Slug(first);
        if (f.Length == 0) f = "x";
        var l = TextFolding.Slug(last);
        var n = rng.Next(100);
        var local = rng.Next(4) switch
        {
            0 => $"{f}.{l}{n}",
            1 => $"{f}{l}{1960 + rng.Next(45)}",
            2 => $"{f[0]}{l}{n}",
            _ => $"{f}.{l}",
        };
        return $"{local}@{rng.Pick(WordLists.FreeMailDomains)}";
    }

    /// <summary>A work address's domain: mostly the company's own, sometimes a subdomain of it.</summary>
    public static string MailDomain(string domain, ref Rng rng, double subdomainChance) =>
        rng.Chance(subdomainChance) ? $"{rng.Pick(WordLists.Subdomains)}.{domain}" : domain;
}

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

/// <summary>
/// Who a lead is: a converted lead carries its contact's name and address; an unconverted one works at
/// its true account (a work or free-mail address) or at a company that is no account. Drawn from the
/// lead's row stream, in the order Lead.csv's writer continues from.
/// </summary>
readonly record struct LeadIdentity(string? FirstName, string LastName, string? Email, string? Title, string Company, string? Website)
{
    public static LeadIdentity Of(TenantPlan plan, int l, ref Rng r)
    {
        var account = plan.LeadAccount[l];
        switch (plan.LeadKinds[l])
        {
            case LeadKind.Converted:
            {
                var person = PersonIdentity.OfContact(plan, plan.LeadRef[l]);
                return new(person.FirstName, person.LastName, person.Email, person.Title,
                    CompanyVariants.Of(plan.AccountCompany[account], ref r, allowTypo: true), null);
            }
            case LeadKind.WorkEmail:
            {
                var c = plan.AccountCompany[account];
                var (first, last) = People.Name(ref r, 0.03);
                var email = People.WorkEmail(first, last, plan.AccountEmailPattern[account], People.MailDomain(c.Domain, ref r, 0.25), ref r);
                var company = CompanyVariants.Of(c, ref r, allowTypo: true);
                var website = r.Chance(0.15) ? $"www.{c.Domain}" : null;
                return new(first, last, email, People.Title(ref r), company, website);
            }
            case LeadKind.FreeMail:
            {
                var (first, last) = People.Name(ref r, 0.03);
                var email = People.FreeEmail(first, last, ref r);
                var company = CompanyVariants.Of(plan.AccountCompany[account], ref r, allowTypo: true);
                return new(first, last, email, People.Title(ref r), company, null);
            }
            default:
            {
                var c = plan.NonCustomers[plan.LeadRef[l]];
                var (first, last) = People.Name(ref r, 0.03);
                var x = r.NextDouble();
                var email = x < 0.05 ? null
                    : x < 0.70 ? People.WorkEmail(first, last, r.Next(People.EmailPatterns), People.MailDomain(c.Domain, ref r, 0.1), ref r)
                    : People.FreeEmail(first, last, ref r);
                var company = CompanyVariants.Of(c, ref r, allowTypo: true);
                var website = r.Chance(0.1) ? $"www.{c.Domain}" : null;
                return new(first, last, email, People.Title(ref r), company, website);
            }
        }
    }
}
