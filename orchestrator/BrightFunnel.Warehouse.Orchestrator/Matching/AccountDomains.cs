using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;
namespace BrightFunnel.Warehouse.Orchestrator.Matching;

/// <summary>
/// The domains an account claims: the registrable domain of its Website, and the email domains
/// most used by its contacts — the most used one and every other used by at least half as many
/// contacts (so acme.com and acme.co.uk split evenly both count, but one consultant's domain
/// among ten acme.com contacts does not). Free-mail and invalid domains never count.
/// </summary>
public sealed record AccountDomains(string? Website, IReadOnlyList<string> Contacts)
{
    public static AccountDomains Of(MatchAccount account) =>
        new(FreeMailDomains.CompanyDomainOfWebsite(account.Website), MostUsed(account.ContactEmailDomains));

    public static IReadOnlyList<string> MostUsed(IReadOnlyList<ContactDomainCount> contactDomains)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (host, contacts) in contactDomains)
        {
            if (contacts <= 0 || FreeMailDomains.CompanyDomainOfHost(host) is not { } domain) continue;
            counts[domain] = counts.GetValueOrDefault(domain) + contacts;
        }
        if (counts.Count == 0) return [];
        var top = counts.Values.Max();
        return counts.Where(c => 2 * c.Value >= top).Select(c => c.Key).Order(StringComparer.Ordinal).ToArray();
    }
}
