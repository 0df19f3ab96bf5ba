namespace BrightFunnel.Warehouse.Generation;

/// <summary>An organisation: its name without legal suffix, the suffix its account uses, its registrable web domain.</summary>
sealed class Company(string baseName, string legalSuffix, string domain, Country country)
{
    public string BaseName { get; } = baseName;
    public string LegalSuffix { get; } = legalSuffix;
    public string Name { get; } = baseName + legalSuffix;
    public string Domain { get; } = domain;
    public Country Country { get; } = country;
}

/// <summary>
/// Invents companies with names and domains unique across everything it made: the uniqueness key
/// is the folded, punctuation-free base name ("Blue Field, Inc." and "Bluefield" collide), so two
/// companies never normalise to the same name however a matcher strips legal suffixes, case,
/// accents, spaces or punctuation; and no two companies share a registrable domain.
/// </summary>
sealed class CompanyFactory
{
    static readonly string[] EuropeanSurnames = ["Müller", "Schröder", "Jørgensen", "Lefèvre", "Núñez", "Bäcker", "Köhler", "Håkansson", "Gómez", "Peña", "Françoise", "Weiß"];
    static readonly string[] EuropeanDescriptors = ["Logistik", "Technik", "Systèmes", "Énergie", "Maschinenbau", "Informatique", "Soluciones", "Analytik"];

    readonly HashSet<string> keys = new(StringComparer.Ordinal);
    readonly HashSet<string> domains = new(StringComparer.Ordinal);

    /// <summary>True when some company made here has this registrable domain.</summary>
    public bool IsTaken(string domain) => domains.Contains(domain);

    /// <summary>A new company; <paramref name="suffixChance"/> of them carry a legal suffix in their name.</summary>
    public Company Next(ref Rng rng, double suffixChance = 0.55)
    {
        var country = Country.Pick(ref rng);
        string baseName;
        string[] words;
        var attempts = 0;
        while (true)
        {
            (baseName, words) = Invent(ref rng, country);
            if (attempts++ > 40) { baseName += " " + rng.Pick(WordLists.Descriptors); words = [.. words, baseName[(baseName.LastIndexOf(' ') + 1)..]]; }
            if (keys.Add(TextFolding.Slug(baseName))) break;
        }
        var suffix = rng.Chance(suffixChance) ? rng.Pick(country.LegalSuffixes) : "";
        return new Company(baseName, suffix, NewDomain(words, country.PickTld(ref rng), ref rng), country);
    }

    static (string Name, string[] Words) Invent(ref Rng rng, Country country)
    {
        var r = rng.NextDouble();
        if (country.Name is "Germany" or "France" && rng.Chance(0.3))
        {
            var s = rng.Pick(EuropeanSurnames);
            var d = rng.Pick(EuropeanDescriptors);
            return ($"{s} {d}", [s, d]);
        }
        if (r < 0.80)
        {
            var head = rng.Pick(WordLists.CompoundHeads);
            var tail = rng.Pick(WordLists.CompoundTails);
            var compound = head + tail;
            if (r < 0.56) { var d = rng.Pick(WordLists.Descriptors); return ($"{compound} {d}", [compound, d]); }
            if (r < 0.70) return (compound, [compound]);
            var d2 = rng.Pick(WordLists.Descriptors);
            return ($"{head} {d2}", [head, d2]);
        }
        var s1 = rng.Pick(WordLists.Surnames);
        var s2 = rng.Pick(WordLists.Surnames);
        if (r < 0.87) return ($"{s1} & {s2}", [s1, s2]);
        if (r < 0.90)
        {
            var s3 = rng.Pick(WordLists.Surnames);
            return ($"{s1}, {s2} & {s3}", [s1, s2, s3]);
        }
        var desc = rng.Pick(WordLists.Descriptors);
        return ($"{s1} {desc}", [s1, desc]);
    }

    string NewDomain(string[] words, string tld, ref Rng rng)
    {
        var slugs = words.Select(TextFolding.Slug).Where(s => s.Length > 0).ToArray();
        var first = slugs[0];
        var all = string.Concat(slugs);
        var candidates = rng.Chance(0.5)
            ? new[] { first, all, string.Join('-', slugs), "get" + first, first + "hq", all + "group" }
            : new[] { all, string.Join('-', slugs), first, "try" + all, first + "-" + slugs[^1][..Math.Min(3, slugs[^1].Length)] };
        foreach (var label in candidates)
            if (label.Length >= 3 && domains.Add($"{label}.{tld}")) return $"{label}.{tld}";
        for (var n = 2; ; n++)
            if (domains.Add($"{all}{n}.{tld}")) return $"{all}{n}.{tld}";
    }
}

/// <summary>
/// The ways people type a company's name: the account's own name, its base name, another or no
/// legal suffix, other case, dropped punctuation, doubled spaces, and (when allowed) a one-letter
/// typo. Every variant but the typo normalises (case, punctuation, whitespace, legal suffixes) to
/// the account's normalised name; no variant drops or adds a word.
/// </summary>
static class CompanyVariants
{
    /// <summary>Legal suffixes a variant may use (every one is also in the docs' list for the matcher).</summary>
    public static readonly string[] Suffixes =
        [" Inc", " Inc.", ", Inc.", " LLC", " Corp", " Corp.", " Corporation", " Ltd", " Ltd.", " Limited", " GmbH", " AG", " PLC", " SA", " B.V."];

    public static string Of(Company company, ref Rng rng, bool allowTypo)
    {
        var r = rng.NextDouble();
        if (r < 0.30) return company.Name;
        if (r < 0.44) return company.BaseName;
        if (r < 0.60) return company.BaseName + OtherSuffix(company, ref rng);
        if (r < 0.70) return (company.BaseName + OtherSuffix(company, ref rng)).ToUpperInvariant();
        if (r < 0.77) return company.BaseName.ToLowerInvariant();
        if (r < 0.85) return company.Name.Replace(",", "").Replace(".", "");
        if (r < 0.90) return company.Name.Replace(" ", "  ");
        if (r < 0.95 || !allowTypo) return company.BaseName + (company.Country.LegalSuffixes.Length > 0 ? rng.Pick(company.Country.LegalSuffixes) : "");
        return Typo(company.BaseName, ref rng);
    }

    static string OtherSuffix(Company company, ref Rng rng) =>
        rng.Chance(0.6) && company.Country.LegalSuffixes.Length > 0 ? rng.Pick(company.Country.LegalSuffixes) : rng.Pick(Suffixes);

    /// <summary>Swaps or drops one letter after the fourth of the longest word (keeps the prefix Jaro-Winkler rewards).</summary>
    static string Typo(string name, ref Rng rng)
    {
        var words = name.Split(' ');
        var longest = 0;
        for (var i = 1; i < words.Length; i++) if (words[i].Length > words[longest].Length) longest = i;
        var w = words[longest];
        if (w.Length < 7) return name;
        var p = 4 + rng.Next(w.Length - 5);
        words[longest] = rng.Chance(0.5)
            ? w[..p] + w[p + 1] + w[p] + w[(p + 2)..]
            : w[..p] + w[(p + 1)..];
        return string.Join(' ', words);
    }
}
