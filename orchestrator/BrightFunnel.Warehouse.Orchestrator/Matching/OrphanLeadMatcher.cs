using System.Collections.Concurrent;
using System.Globalization;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Matching;

/// <summary>
/// The orphan lead finder: matches unconverted leads without an account to the account they
/// belong to, by email domain and company name (docs/decisions/orphan-lead-evidence.md and orphan-lead-decision.md).
///
/// For one lead, in order:
/// 1. High (domain_and_name): accounts owning the lead's email domain whose normalized name is
///    close to the lead's normalized company (Jaro-Winkler ≥ 0.92).
/// 2. Medium (domain): exactly one account owns the domain. Several → Low, ambiguous.
/// 3. Only when no account owns the domain: Medium (exact_name) when exactly one account has
///    the lead's normalized company as its normalized name; several → Low, ambiguous.
/// 4. Low (close_name): the closest account names at Jaro-Winkler ≥ 0.92.
/// Among candidates of one step the best score wins, then the most contacts, then the lowest id
/// (ordinal); when the best score is shared the match is marked ambiguous.
/// The accounts are indexed once (by domain, by normalized name, and for close names by a
/// <see cref="CloseNameIndex"/>), so a lead costs a few look-ups, never a scan of all accounts.
/// </summary>
public sealed class OrphanLeadMatcher
{
    public const double CloseNameThreshold = 0.92;
    const int ExplanationLimit = 500;

    readonly IndexedAccount[] accounts;
    readonly Dictionary<string, int[]> ownersOfDomain;
    readonly Dictionary<string, int[]> accountsByName;
    readonly CloseNameIndex closeNames;
    readonly int[][] accountsOfCloseNameEntry;
    readonly ConcurrentDictionary<string, CloseName[]> closeNameCache = new(StringComparer.Ordinal);

    sealed record IndexedAccount(MatchAccount Source, string NormalizedName, AccountDomains Domains)
    {
        public string Label => string.IsNullOrWhiteSpace(Source.Name) ? Source.Id : $"{Clip(Source.Name, 80)} ({Source.Id})";
    }

    readonly record struct Candidate(int Account, double Score);

    /// <param name="threads">Threads to index the accounts on; by default one per core.</param>
    public OrphanLeadMatcher(IEnumerable<MatchAccount> accounts, int threads = 0)
    {
        this.accounts = accounts.AsParallel().AsOrdered().WithDegreeOfParallelism(threads > 0 ? threads : Environment.ProcessorCount)
            .Select(a => new IndexedAccount(a, CompanyNameNormalizer.Normalize(a.Name), AccountDomains.Of(a)))
            .ToArray();
        ownersOfDomain = DomainOwners(this.accounts);
        accountsByName = this.accounts.Select((a, i) => (a.NormalizedName, i)).Where(p => p.NormalizedName.Length > 0)
            .GroupBy(p => p.NormalizedName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.i).ToArray(), StringComparer.Ordinal);
        var distinctNames = accountsByName.Keys.ToArray();
        closeNames = new CloseNameIndex(distinctNames, CloseNameThreshold);
        accountsOfCloseNameEntry = distinctNames.Select(n => accountsByName[n]).ToArray();
    }

    public int AccountCount => accounts.Length;

    /// <summary>
    /// Who owns each domain: the accounts whose Website it is; only when no Website has it, the
    /// accounts whose contacts mostly use it. A Website is the account's own statement, so a
    /// reseller's contact at acme.com never competes with the account whose site is acme.com.
    /// </summary>
    static Dictionary<string, int[]> DomainOwners(IndexedAccount[] accounts)
    {
        var byWebsite = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var byContacts = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < accounts.Length; i++)
        {
            if (accounts[i].Domains.Website is { } website) Add(byWebsite, website, i);
            foreach (var domain in accounts[i].Domains.Contacts) Add(byContacts, domain, i);
        }
        var owners = byWebsite.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
        foreach (var (domain, list) in byContacts) owners.TryAdd(domain, list.ToArray());
        return owners;

        static void Add(Dictionary<string, List<int>> map, string domain, int account)
        {
            if (!map.TryGetValue(domain, out var list)) map[domain] = list = [];
            if (list.Count == 0 || list[^1] != account) list.Add(account);
        }
    }

    /// <summary>Matches every lead; leads without a match are left out. Order follows the input.</summary>
    /// <param name="maxDegreeOfParallelism">
    /// Threads to match on; by default one per core. Not unbounded: the cycle raises the thread pool's
    /// floor (<see cref="ParallelismSettings.ThreadPoolFloor"/>), and at L 64 threads matched in 6.7 s
    /// where two matched in 4.0 s, each thread with the close-name index's scratch of its own.
    /// </param>
    /// <param name="cores">
    /// When given, a lead is matched only while one of its slots is held, so the caller decides how many
    /// threads work at a time and may release more slots while the matching runs (the matching started
    /// ahead of the match step takes every core once canonicalize is done, <see cref="Cycle.MatchAhead"/>).
    /// </param>
    public IReadOnlyList<LeadAccountMatch> MatchAll(IReadOnlyList<MatchLead> leads, int maxDegreeOfParallelism = 0, SemaphoreSlim? cores = null)
    {
        if (maxDegreeOfParallelism <= 0) maxDegreeOfParallelism = Environment.ProcessorCount;
        var results = new LeadAccountMatch?[leads.Count];
        Parallel.For(0, leads.Count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, i =>
        {
            if (cores is null)
            {
                results[i] = Match(leads[i]);
                return;
            }
            cores.Wait();
            try { results[i] = Match(leads[i]); }
            finally { cores.Release(); }
        });
        return results.OfType<LeadAccountMatch>().ToArray();
    }

    /// <summary>The lead's account, or null when nothing points at one.</summary>
    public LeadAccountMatch? Match(MatchLead lead)
    {
        var emailDomain = RegistrableDomain.FromEmail(lead.Email);
        var domain = emailDomain is not null && !FreeMailDomains.Contains(emailDomain) ? emailDomain : null;
        var name = CompanyNameNormalizer.Normalize(lead.Company);
        var company = Clip(lead.Company ?? "", 80);

        if (domain is not null && ownersOfDomain.TryGetValue(domain, out var owners))
        {
            if (name.Length > 0)
            {
                var agreeing = owners
                    .Select(a => new Candidate(a, NameScore(name, a)))
                    .Where(c => c.Score >= CloseNameThreshold).ToArray();
                if (agreeing.Length > 0)
                {
                    var (best, tied) = Pick(agreeing);
                    var account = accounts[best.Account];
                    return Result(lead, best, MatchConfidence.High, MatchMethod.DomainAndName, tied,
                        $"email domain {domain} is the {DomainSource(account, domain)} domain of {account.Label} and company '{company}' matches its name (Jaro-Winkler {Format(best.Score)})");
                }
            }
            if (owners.Length == 1)
            {
                var account = accounts[owners[0]];
                return Result(lead, new Candidate(owners[0], 1.0), MatchConfidence.Medium, MatchMethod.Domain, 1,
                    $"email domain {domain} is the {DomainSource(account, domain)} domain of {account.Label} and of no other account");
            }
            var (chosen, count) = Pick(owners.Select(a => new Candidate(a, 1.0)).ToArray());
            return Result(lead, chosen, MatchConfidence.Low, MatchMethod.Domain, count,
                $"email domain {domain} is shared by {owners.Length} accounts and " +
                (name.Length > 0 ? $"company '{company}' is close to none of their names" : "the lead names no company"));
        }

        if (name.Length == 0) return null;
        var domainNote = DomainNote(lead.Email, emailDomain, domain);

        if (accountsByName.TryGetValue(name, out var sameName))
        {
            var (best, tied) = Pick(sameName.Select(a => new Candidate(a, 1.0)).ToArray());
            var confidence = sameName.Length == 1 ? MatchConfidence.Medium : MatchConfidence.Low;
            return Result(lead, best, confidence, MatchMethod.ExactName, tied,
                $"company '{company}' normalizes to '{Clip(name, 80)}', the normalized name of {accounts[best.Account].Label}; {domainNote}");
        }

        var close = closeNameCache.GetOrAdd(name, n => closeNames.Find(n).ToArray());
        if (close.Length == 0) return null;
        var candidates = close.SelectMany(c => accountsOfCloseNameEntry[c.Entry].Select(a => new Candidate(a, c.Score))).ToArray();
        var (closest, ties) = Pick(candidates);
        return Result(lead, closest, MatchConfidence.Low, MatchMethod.CloseName, ties,
            $"company '{company}' is close to the name of {accounts[closest.Account].Label} (Jaro-Winkler {Format(closest.Score)}); {domainNote}");
    }

    double NameScore(string leadName, int account)
    {
        var accountName = accounts[account].NormalizedName;
        return accountName.Length == 0 ? 0 : JaroWinkler.Similarity(leadName, accountName);
    }

    /// <summary>Best score, then most contacts, then lowest id (ordinal); how many share the best score.</summary>
    (Candidate Best, int Tied) Pick(Candidate[] candidates)
    {
        var best = candidates[0];
        foreach (var c in candidates.AsSpan(1))
            if (IsBetter(c, best)) best = c;
        var tied = 0;
        foreach (var c in candidates)
            if (c.Score == best.Score) tied++;
        return (best, tied);
    }

    bool IsBetter(Candidate a, Candidate b)
    {
        if (a.Score != b.Score) return a.Score > b.Score;
        var (x, y) = (accounts[a.Account].Source, accounts[b.Account].Source);
        if (x.ContactCount != y.ContactCount) return x.ContactCount > y.ContactCount;
        return string.CompareOrdinal(x.Id, y.Id) < 0;
    }

    LeadAccountMatch Result(MatchLead lead, Candidate chosen, MatchConfidence confidence, string method, int tied, string explanation)
    {
        var account = accounts[chosen.Account].Source;
        if (tied > 1)
            explanation += $"; {tied} accounts tied, chose the one with the most contacts ({account.ContactCount}), then the lowest id";
        return new LeadAccountMatch(lead.Id, account.Id, confidence, chosen.Score, method, tied > 1, Clip(OneLine(explanation), ExplanationLimit));
    }

    static string DomainSource(IndexedAccount account, string domain) =>
        account.Domains.Website == domain ? "website" : "contacts' email";

    static string DomainNote(string? email, string? emailDomain, string? domain) =>
        domain is not null ? $"email domain {domain} is no account's"
        : emailDomain is not null ? $"email domain {emailDomain} is free mail"
        : string.IsNullOrWhiteSpace(email) ? "no email" : "email has no valid domain";

    static string Format(double score) => score.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>Names come from CSV exports and may hold line breaks or tabs; an explanation is one line.</summary>
    static string OneLine(string text) => string.Concat(text.Select(c => char.IsControl(c) ? ' ' : c));

    static string Clip(string text, int limit) => text.Length <= limit ? text : text[..(limit - 1)] + "…";
}
