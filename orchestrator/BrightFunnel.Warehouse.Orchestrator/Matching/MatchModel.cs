using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;
namespace BrightFunnel.Warehouse.Orchestrator.Matching;

/// <summary>How sure a lead-to-account match is; compare with &gt;= for "at or above".</summary>
public enum MatchConfidence
{
    Low = 1,
    Medium = 2,
    High = 3,
}

public static class MatchConfidenceText
{
    /// <summary>The value stored in cn_lead_account_matches.confidence: high | medium | low.</summary>
    public static string ToDbValue(this MatchConfidence confidence) => confidence switch
    {
        MatchConfidence.High => "high",
        MatchConfidence.Medium => "medium",
        MatchConfidence.Low => "low",
        _ => throw new ArgumentOutOfRangeException(nameof(confidence), confidence, null),
    };

    public static MatchConfidence Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "high" => MatchConfidence.High,
        "medium" => MatchConfidence.Medium,
        "low" => MatchConfidence.Low,
        _ => throw new BadInputException($"unknown match confidence '{text}': use high, medium or low"),
    };
}

/// <summary>Contacts of an account whose email is on one domain (a host or registrable domain).</summary>
public readonly record struct ContactDomainCount(string Domain, int Contacts);

/// <summary>An account as the matcher sees it.</summary>
/// <param name="Website">The Website field or its domain (cn_accounts.domain); parsed again here.</param>
/// <param name="ContactCount">All contacts of the account, with or without an email.</param>
/// <param name="ContactEmailDomains">Email domains of its contacts, with how many use each.</param>
public sealed record MatchAccount(
    string Id, string? Name, string? Website, int ContactCount, IReadOnlyList<ContactDomainCount> ContactEmailDomains);

/// <summary>An unconverted lead without an account.</summary>
public sealed record MatchLead(string Id, string? Email, string? Company);

/// <summary>Method values stored in cn_lead_account_matches.method.</summary>
public static class MatchMethod
{
    /// <summary>The email domain and the company name point at the same account (High).</summary>
    public const string DomainAndName = "domain_and_name";
    /// <summary>The email domain alone (Medium when one account has it, Low when several tie).</summary>
    public const string Domain = "domain";
    /// <summary>The normalized company equals the account's normalized name (Medium when unique, Low when several tie).</summary>
    public const string ExactName = "exact_name";
    /// <summary>Jaro-Winkler of the normalized names ≥ 0.92 (Low).</summary>
    public const string CloseName = "close_name";
}

/// <summary>One lead matched to an account: a row of cn_lead_account_matches.</summary>
public sealed record LeadAccountMatch(
    string LeadId, string AccountId, MatchConfidence Confidence, double Score, string Method, bool IsAmbiguous, string Explanation);
