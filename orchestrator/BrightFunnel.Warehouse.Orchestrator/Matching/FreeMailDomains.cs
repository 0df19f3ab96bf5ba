using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Tenants;
namespace BrightFunnel.Warehouse.Orchestrator.Matching;

/// <summary>
/// Free and consumer email providers (data/free_mail_domains.txt). An address there names a
/// person, not the company they work for, so it is never domain evidence.
/// </summary>
public static class FreeMailDomains
{
    static readonly HashSet<string> Domains =
        MatchingData.ReadLines("free_mail_domains.txt").Select(s => s.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);

    public static IReadOnlyCollection<string> All => Domains;

    /// <summary>True when the host's registrable domain is a free-mail provider (mail.yahoo.co.uk too).</summary>
    public static bool Contains(string? host)
    {
        if (string.IsNullOrWhiteSpace(host)) return false;
        var lower = host.Trim().ToLowerInvariant();
        return Domains.Contains(lower) || (RegistrableDomain.FromHost(lower) is { } domain && Domains.Contains(domain));
    }

    /// <summary>The registrable domain of an email, unless it is free mail or invalid.</summary>
    public static string? CompanyDomainOfEmail(string? email) =>
        RegistrableDomain.FromEmail(email) is { } domain && !Domains.Contains(domain) ? domain : null;

    /// <summary>The registrable domain of a Website, unless it is free mail or invalid.</summary>
    public static string? CompanyDomainOfWebsite(string? website) =>
        RegistrableDomain.FromWebsite(website) is { } domain && !Domains.Contains(domain) ? domain : null;

    /// <summary>The registrable domain of a host, unless it is free mail or invalid.</summary>
    public static string? CompanyDomainOfHost(string? host) =>
        RegistrableDomain.FromHost(host) is { } domain && !Domains.Contains(domain) ? domain : null;
}
