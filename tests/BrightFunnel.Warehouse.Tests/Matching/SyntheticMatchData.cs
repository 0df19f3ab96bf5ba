using BrightFunnel.Warehouse.Orchestrator.Matching;

namespace BrightFunnel.Warehouse.Tests.Matching;

/// <summary>
/// Accounts, orphan leads and their true accounts, made up deterministically from a seed, to
/// check the matcher's quality and speed at scale until the tenant generator's ground truth is
/// wired in. Names are invented brands ("Velora Logistics"), so near-duplicate accounts occur
/// as they do in real CRMs. Leads: 35 % work at an account and write from its domain, 25 % work
/// at an account and write from free mail, 40 % belong to no account. Company fields vary the
/// way forms do: legal suffix, case, punctuation, a typo, or a placeholder.
/// </summary>
public sealed class SyntheticMatchData
{
    public required IReadOnlyList<MatchAccount> Accounts { get; init; }
    public required IReadOnlyList<MatchLead> Leads { get; init; }
    public required IReadOnlyDictionary<string, string?> Truth { get; init; }

    static readonly string[] Syllables =
        ["ka", "lo", "ve", "ra", "to", "mi", "zen", "tra", "qu", "ix", "ar", "on", "el", "vi", "sa", "no", "pro", "gen",
         "dy", "na", "ko", "be", "lu", "ter", "max", "cor", "sol", "fin", "ly", "tek", "um", "bra", "po", "ri", "ze", "ha",
         "ul", "mo", "xo", "dex", "bi", "cra", "du", "fe", "gi", "hu", "ja", "ke", "lin", "mar", "nu", "or", "pe", "qui",
         "ros", "st", "tu", "va", "wi", "yo", "zu", "ab", "ce", "di", "ev", "fo", "gu", "hex", "io", "jo"];
    static readonly string[] Descriptors =
        ["Systems", "Labs", "Logistics", "Foods", "Health", "Software", "Energy", "Capital", "Media", "Partners",
         "Industries", "Networks", "Analytics", "Robotics", "Pharma", "Retail", "Consulting", "Motors", "Bank", "Studios"];
    static readonly string[] Suffixes = ["", "", "Inc", "Inc.", "LLC", "Ltd", "Corp", "Corporation", "GmbH", "S.A.", "Co.", "Pty Ltd", "plc"];
    static readonly string[] Tlds = ["com", "com", "com", "com", "io", "net", "co.uk", "de", "com.au", "co.jp", "fr"];
    static readonly string[] FreeMail = ["gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "aol.com", "icloud.com"];

    sealed record Company(string Brand, string Descriptor, string Domain);

    public static SyntheticMatchData Generate(int accountCount, int leadCount, int seed)
    {
        var random = new Random(seed);
        var usedDomains = new HashSet<string>(StringComparer.Ordinal);
        var usedNames = new HashSet<string>(StringComparer.Ordinal);

        // Two different companies never share a name here, so a name match is right or wrong
        // only because of how the lead typed it.
        Company NewCompany()
        {
            string brand, descriptor;
            do
            {
                brand = Brand(random);
                descriptor = random.Next(10) < 6 ? Descriptors[random.Next(Descriptors.Length)] : "";
            } while (!usedNames.Add(CompanyNameNormalizer.Normalize($"{brand} {descriptor}")));
            var stem = (brand + descriptor).ToLowerInvariant();
            var domain = $"{stem}.{Tlds[random.Next(Tlds.Length)]}";
            for (var n = 2; !usedDomains.Add(domain); n++) domain = $"{stem}{n}.com";
            return new Company(brand, descriptor, domain);
        }

        var companies = new Company[accountCount];
        var accounts = new MatchAccount[accountCount];
        for (var i = 0; i < accountCount; i++)
        {
            var c = companies[i] = NewCompany();
            var contacts = random.Next(10) < 2 ? 0 : 1 + (int)Math.Min(60, -Math.Log(1 - random.NextDouble()) * 8);
            var domains = new Dictionary<string, int>();
            for (var k = 0; k < contacts; k++)
            {
                var roll = random.Next(100);
                var domain = roll < 85 ? c.Domain : roll < 95 ? FreeMail[random.Next(FreeMail.Length)] : $"vendor{random.Next(500)}.com";
                domains[domain] = domains.GetValueOrDefault(domain) + 1;
            }
            var website = random.Next(10) switch
            {
                0 => null,                                   // no Website: only contacts tell the domain
                1 => $"http://www.{c.Domain}/",
                2 => $"https://{c.Domain}/about",
                _ => $"www.{c.Domain}",
            };
            accounts[i] = new MatchAccount(
                $"001{i:D15}", Join(c.Brand, c.Descriptor, Suffixes[random.Next(Suffixes.Length)]), website, contacts,
                domains.Select(d => new ContactDomainCount(d.Key, d.Value)).ToArray());
        }

        var leads = new MatchLead[leadCount];
        var truth = new Dictionary<string, string?>(leadCount, StringComparer.Ordinal);
        for (var i = 0; i < leadCount; i++)
        {
            var id = $"00Q{i:D15}";
            var roll = random.Next(100);
            if (roll < 60)
            {
                var a = random.Next(accountCount);
                var c = companies[a];
                var email = roll < 35
                    ? $"lead{i}@{(random.Next(10) == 0 ? "mail." : "")}{c.Domain}"
                    : $"lead{i}@{FreeMail[random.Next(FreeMail.Length)]}";
                leads[i] = new MatchLead(id, email, CompanyAsTyped(c, random));
                truth[id] = accounts[a].Id;
            }
            else
            {
                var c = NewCompany();
                var email = random.Next(2) == 0 ? $"lead{i}@{c.Domain}" : $"lead{i}@{FreeMail[random.Next(FreeMail.Length)]}";
                leads[i] = new MatchLead(id, email, CompanyAsTyped(c, random));
                truth[id] = null;
            }
        }
        return new SyntheticMatchData { Accounts = accounts, Leads = leads, Truth = truth };
    }

    static string Brand(Random random)
    {
        var parts = Enumerable.Range(0, random.Next(2, 4)).Select(_ => Syllables[random.Next(Syllables.Length)]);
        var brand = string.Concat(parts);
        return char.ToUpperInvariant(brand[0]) + brand[1..];
    }

    /// <summary>How a person types their company into a form.</summary>
    static string CompanyAsTyped(Company c, Random random)
    {
        var roll = random.Next(100);
        var suffix = Suffixes[random.Next(Suffixes.Length)];
        if (roll < 75)
        {
            var name = Join(c.Brand, c.Descriptor, suffix);
            return random.Next(3) switch { 0 => name.ToUpperInvariant(), 1 => name.ToLowerInvariant(), _ => name };
        }
        if (roll < 90) return Join(Typo(c.Brand, random), c.Descriptor, suffix);
        if (roll < 95) return c.Brand;                           // the brand without its descriptor
        return random.Next(2) == 0 ? "N/A" : "";
    }

    static string Typo(string word, Random random)
    {
        var chars = word.ToList();
        var at = 1 + random.Next(chars.Count - 1);
        switch (random.Next(3))
        {
            case 0: chars.RemoveAt(at); break;
            case 1: chars.Insert(at, chars[at]); break;
            default: if (at + 1 < chars.Count) (chars[at], chars[at + 1]) = (chars[at + 1], chars[at]); else chars.RemoveAt(at); break;
        }
        return new string(chars.ToArray());
    }

    static string Join(params string[] parts) => string.Join(' ', parts.Where(p => p.Length > 0));
}
