using BrightFunnel.Warehouse.Orchestrator.Loading;
using BrightFunnel.Warehouse.Orchestrator.Matching;
using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Cycle;

public sealed record MatchStepResult(int Leads, int Matched, IReadOnlyDictionary<MatchConfidence, int> ByConfidence)
{
    public string Describe() =>
        $"{Matched} of {Leads} orphan leads matched ({string.Join(", ", ByConfidence.OrderByDescending(p => p.Key).Select(p => $"{p.Key} {p.Value}"))})";
}

/// <summary>What the matcher found for a tenant's orphan leads, before it is written.</summary>
public sealed record ComputedMatches(int Leads, IReadOnlyList<LeadAccountMatch> Matches);

/// <summary>
/// The match step: reads accounts (with their contacts' email domains) and orphan leads from the
/// canonical tables, runs the <see cref="OrphanLeadMatcher"/> in memory, and replaces
/// <c>cn_lead_account_matches</c> through a shadow table loaded with LOAD DATA LOCAL. In a cycle that
/// canonicalizes first, the reading and matching start as soon as canonicalize has built what they
/// read (<see cref="MatchAhead"/>); this step then only writes what they found.
/// </summary>
public sealed class MatchStep : ICycleStep
{
    static readonly NLog.Logger Log = NLog.LogManager.GetCurrentClassLogger();

    /// <summary>The canonical tables the matcher reads: once both are built, it can start.</summary>
    public static readonly IReadOnlyList<string> Reads = ["cn_people", "cn_accounts"];

    public string Name => CycleSteps.Match;

    public StepResult Run(StepContext run, CancellationToken cancel)
    {
        var computed = run.MatchAhead.Take(cancel) ?? Compute(run.TenantConnectionString, cancel);
        var result = Write(run.TenantConnectionString, computed);
        return StepResult.Done(result.Matched, result.Describe() + (run.MatchAhead.StartedAhead ? "; read and matched beside canonicalize" : ""));
    }

    public static MatchStepResult Match(string tenantConnectionString, CancellationToken cancel = default) =>
        Write(tenantConnectionString, Compute(tenantConnectionString, cancel));

    /// <summary>Reads the accounts and orphan leads and matches them; writes nothing.</summary>
    /// <param name="threads">Threads to index and match on; by default one per core.</param>
    /// <param name="cores">When given, the slots the matching holds a lead's work in, which the caller may widen (<see cref="OrphanLeadMatcher.MatchAll"/>).</param>
    public static ComputedMatches Compute(string tenantConnectionString, CancellationToken cancel = default, int threads = 0, SemaphoreSlim? cores = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // The three reads at once, each on a connection of its own: MariaDB gives a query one core, and
        // the machine has two. One GROUP BY over the contacts gives both their email domains and, summed
        // per account, the account's contact count (at L the accounts joined to a count of their own took
        // 1.4 s, alone 0.1 s); it keeps its temporary table in memory (on disk, 10.4 s for the reads at L)
        // and is not sorted, which no reader needs.
        var contactsRead = Task.Run(() => Read<(string account, string? domain, int contacts)>(tenantConnectionString, CancellableSql.InMemory + """
                SELECT account_id, email_domain, COUNT(*) FROM cn_people
                WHERE person_type = 'contact' AND account_id IS NOT NULL
                GROUP BY account_id, email_domain ORDER BY NULL
                """));
        var accountsRead = Task.Run(() => Read<(string id, string? name, string? website)>(tenantConnectionString,
            "SELECT account_id, name, website FROM cn_accounts ORDER BY account_id"));
        var leads = Read<MatchLead>(tenantConnectionString,
            "SELECT person_id AS Id, email AS Email, company AS Company FROM cn_people WHERE person_type = 'lead' AND account_id IS NULL");
        var contacts = contactsRead.GetAwaiter().GetResult()
            .GroupBy(d => d.account)
            .ToDictionary(g => g.Key, g => (count: g.Sum(d => d.contacts),
                domains: (IReadOnlyList<ContactDomainCount>)g.Where(d => !string.IsNullOrEmpty(d.domain)).Select(d => new ContactDomainCount(d.domain!, d.contacts)).ToList()),
                StringComparer.Ordinal);
        var accounts = accountsRead.GetAwaiter().GetResult()
            .Select(a => contacts.TryGetValue(a.id, out var k)
                ? new MatchAccount(a.id, a.name, a.website, k.count, k.domains)
                : new MatchAccount(a.id, a.name, a.website, 0, []))
            .ToList();
        cancel.ThrowIfCancellationRequested();

        var read = clock.ElapsedMilliseconds;
        var matcher = new OrphanLeadMatcher(accounts, threads);
        var indexed = clock.ElapsedMilliseconds;
        var matches = matcher.MatchAll(leads, cores is null ? threads : Environment.ProcessorCount, cores);
        cancel.ThrowIfCancellationRequested();
        Log.Info("match: read {accounts} accounts and {leads} orphan leads in {read} ms, indexed the accounts in {indexed} ms, matched in {matched} ms",
            accounts.Count, leads.Count, read, indexed - read, clock.ElapsedMilliseconds - indexed);
        return new ComputedMatches(leads.Count, matches);
    }

    /// <summary>Replaces the tenant's matches with <paramref name="computed"/>'s.</summary>
    static MatchStepResult Write(string tenantConnectionString, ComputedMatches computed)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using (var c = DbConnections.Tenant(tenantConnectionString))
            Replace(c, computed.Matches);
        Log.Info("match: replaced the {matches} matches in {replaced} ms", computed.Matches.Count, clock.ElapsedMilliseconds);
        var byConfidence = computed.Matches.GroupBy(m => m.Confidence).ToDictionary(g => g.Key, g => g.Count());
        return new MatchStepResult(computed.Leads, computed.Matches.Count, byConfidence);
    }

    static List<T> Read<T>(string tenantConnectionString, string sql)
    {
        using var c = BulkRead.Open(tenantConnectionString);
        return c.Query<T>(sql, commandTimeout: 0).ToList();
    }

    /// <summary>The matches in place, as the matcher produced them (for quality measurement).</summary>
    public static IReadOnlyList<LeadAccountMatch> ReadMatches(string tenantConnectionString)
    {
        using var c = new MySqlConnection(tenantConnectionString);
        return c.Query<(string lead, string account, string confidence, double score, string method, bool ambiguous, string explanation)>(
                "SELECT lead_id, account_id, confidence, score, method, is_ambiguous, explanation FROM cn_lead_account_matches")
            .Select(m => new LeadAccountMatch(m.lead, m.account, MatchConfidenceText.Parse(m.confidence), m.score, m.method, m.ambiguous, m.explanation))
            .ToList();
    }

    static readonly string[] MatchColumns = ["lead_id", "account_id", "confidence", "score", "method", "is_ambiguous", "explanation"];

    /// <summary>Rows per load file: four or five files at L, the first loading while the next is written.</summary>
    const int RowsPerChunk = 60_000;

    /// <summary>
    /// The matches into <c>cn_lead_account_matches_next</c> with the shadow-table recipe (its account key
    /// built once at the end, files loaded on two connections while the next is written), then swapped
    /// in through the run's fence. At L, 263,355 matches (63 MB): one LOAD DATA with the key in place
    /// took 2.1 s, without it 1.35 s and the key 0.37 s.
    /// </summary>
    static void Replace(MySqlConnection c, IReadOnlyList<LeadAccountMatch> matches)
    {
        c.Execute("DROP TABLE IF EXISTS cn_lead_account_matches_next");
        c.Execute("CREATE TABLE cn_lead_account_matches_next LIKE cn_lead_account_matches");
        using (var shadow = ShadowTableLoad.Into(c, "cn_lead_account_matches_next", "SET SESSION unique_checks = 0"))
        {
            ChunkedTsvLoad.Run(shadow.Loader<string>((worker, table, file) => BulkLoad.FromTsv(worker, table, MatchColumns, file), File.Delete),
                RowsPerChunk, w =>
                {
                    foreach (var m in matches)
                    {
                        w.Value(m.LeadId);
                        w.Value(m.AccountId);
                        w.Value(m.Confidence.ToDbValue());
                        w.Value(m.Score);
                        w.Value(m.Method);
                        w.Value(m.IsAmbiguous);
                        w.Value(m.Explanation);
                        w.EndRow();
                    }
                    return w.Rows;
                });
            shadow.Finish();
        }
        c.Execute("DROP TABLE IF EXISTS cn_lead_account_matches_old");
        TenantFence.Swap(c, "the match step's cn_lead_account_matches",
            "cn_lead_account_matches TO cn_lead_account_matches_old, cn_lead_account_matches_next TO cn_lead_account_matches");
        c.Execute("DROP TABLE cn_lead_account_matches_old");
    }
}
