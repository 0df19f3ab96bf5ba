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

/// <summary>
/// The match step: reads accounts (with their contacts' email domains) and orphan leads from the
/// canonical tables, runs the <see cref="OrphanLeadMatcher"/> in memory, and replaces
/// <c>cn_lead_account_matches</c> through a shadow table loaded with LOAD DATA LOCAL.
/// </summary>
public sealed class MatchStep : ICycleStep
{
    static readonly NLog.Logger Log = NLog.LogManager.GetCurrentClassLogger();

    public string Name => CycleSteps.Match;

    public StepResult Run(StepContext run, CancellationToken cancel)
    {
        var result = Match(run.TenantConnectionString, cancel);
        return StepResult.Done(result.Matched, result.Describe());
    }

    public static MatchStepResult Match(string tenantConnectionString, CancellationToken cancel = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // The three reads at once, each on a connection of its own: MariaDB gives a query one core, and
        // the machine has two. The domains' GROUP BY keeps its temporary table in memory (at L on disk
        // 10.4 s for both reads, in memory 4.9 s); the contacts are counted per account through its index
        // before the accounts join them (at L 1.0 s, grouped by name and website after the join 3.2–5.2 s).
        var domainsRead = Task.Run(() => Read<(string account, string domain, int contacts)>(tenantConnectionString, CancellableSql.InMemory + """
                SELECT account_id, email_domain, COUNT(*) FROM cn_people
                WHERE person_type = 'contact' AND account_id IS NOT NULL AND email_domain IS NOT NULL AND email_domain <> ''
                GROUP BY account_id, email_domain
                """));
        var accountsRead = Task.Run(() => Read<(string id, string? name, string? website, int contacts)>(tenantConnectionString, """
                SELECT a.account_id, a.name, a.website, COALESCE(k.contacts, 0)
                FROM cn_accounts a
                LEFT JOIN (SELECT account_id, COUNT(*) AS contacts FROM cn_people
                           WHERE person_type = 'contact' AND account_id IS NOT NULL GROUP BY account_id) k ON k.account_id = a.account_id
                ORDER BY a.account_id
                """));
        var leads = Read<MatchLead>(tenantConnectionString,
            "SELECT person_id AS Id, email AS Email, company AS Company FROM cn_people WHERE person_type = 'lead' AND account_id IS NULL");
        var domains = domainsRead.GetAwaiter().GetResult()
            .GroupBy(d => d.account)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<ContactDomainCount>)g.Select(d => new ContactDomainCount(d.domain, d.contacts)).ToList(), StringComparer.Ordinal);
        var accounts = accountsRead.GetAwaiter().GetResult()
            .Select(a => new MatchAccount(a.id, a.name, a.website, a.contacts, domains.GetValueOrDefault(a.id) ?? []))
            .ToList();
        cancel.ThrowIfCancellationRequested();

        var read = clock.ElapsedMilliseconds;
        var matcher = new OrphanLeadMatcher(accounts);
        var indexed = clock.ElapsedMilliseconds;
        var matches = matcher.MatchAll(leads);
        var matched = clock.ElapsedMilliseconds;
        cancel.ThrowIfCancellationRequested();
        using (var c = DbConnections.Tenant(tenantConnectionString))
            Replace(c, matches);
        Log.Info("match: read {accounts} accounts and {leads} orphan leads in {read} ms, indexed the accounts in {indexed} ms, matched in {matched} ms, replaced the matches in {replaced} ms",
            accounts.Count, leads.Count, read, indexed - read, matched - indexed, clock.ElapsedMilliseconds - matched);
        var byConfidence = matches.GroupBy(m => m.Confidence).ToDictionary(g => g.Key, g => g.Count());
        return new MatchStepResult(leads.Count, matches.Count, byConfidence);
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

    static void Replace(MySqlConnection c, IReadOnlyList<LeadAccountMatch> matches)
    {
        var work = Directory.CreateTempSubdirectory("bfw-match-").FullName;
        try
        {
            var file = Path.Combine(work, "matches.tsv");
            using (var w = new TsvFileWriter(file))
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
            }
            c.Execute("DROP TABLE IF EXISTS cn_lead_account_matches_next");
            c.Execute("CREATE TABLE cn_lead_account_matches_next LIKE cn_lead_account_matches");
            BulkLoad.FromTsv(c, "cn_lead_account_matches_next",
                ["lead_id", "account_id", "confidence", "score", "method", "is_ambiguous", "explanation"], file);
            c.Execute("DROP TABLE IF EXISTS cn_lead_account_matches_old");
            TenantFence.Swap(c, "the match step's cn_lead_account_matches",
                "cn_lead_account_matches TO cn_lead_account_matches_old, cn_lead_account_matches_next TO cn_lead_account_matches");
            c.Execute("DROP TABLE cn_lead_account_matches_old");
        }
        finally
        {
            Directory.Delete(work, true);
        }
    }
}
