using BrightFunnel.Warehouse.Orchestrator;

namespace BrightFunnel.Warehouse.Generation;

/// <summary>The generated tenant's size: S (≈1k accounts, 20k campaign members), M (≈20k, 400k), L (≈100k, 3M).</summary>
public enum GeneratorSize { S, M, L }

/// <summary>
/// Target volumes for one size. Accounts, campaigns and opportunities are exact; contacts, leads
/// and campaign members are targets the random allocation lands close to.
/// </summary>
/// <param name="MegaAccounts">Enterprise accounts far larger than the rest (thousands of contacts at M and L).</param>
/// <param name="MegaContacts">Contacts at each mega account, drawn from this range.</param>
/// <param name="ConvertedShare">Share of contacts that came from a converted lead.</param>
/// <param name="Users">Owners (005… ids) that records are assigned to.</param>
public sealed record SizeProfile(
    GeneratorSize Size,
    int Accounts,
    int MegaAccounts,
    (int Min, int Max) MegaContacts,
    int Contacts,
    double ConvertedShare,
    int Leads,
    int Campaigns,
    int CampaignMembers,
    int Opportunities,
    int Users)
{
    public static readonly SizeProfile Small = new(GeneratorSize.S, 1_000, 3, (150, 400), 6_000, 0.30, 4_500, 80, 20_000, 1_500, 12);
    public static readonly SizeProfile Medium = new(GeneratorSize.M, 20_000, 5, (2_000, 4_000), 120_000, 0.30, 90_000, 400, 400_000, 30_000, 60);
    public static readonly SizeProfile Large = new(GeneratorSize.L, 100_000, 8, (3_000, 8_000), 600_000, 0.30, 450_000, 1_200, 3_000_000, 150_000, 200);

    public static SizeProfile For(GeneratorSize size) => size switch
    {
        GeneratorSize.S => Small,
        GeneratorSize.M => Medium,
        GeneratorSize.L => Large,
        _ => throw new ArgumentOutOfRangeException(nameof(size), size, "unknown size"),
    };

    /// <summary>Parses S, M or L (any case; small, medium, large too); anything else is bad input.</summary>
    public static GeneratorSize ParseSize(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "S" or "SMALL" => GeneratorSize.S,
        "M" or "MEDIUM" => GeneratorSize.M,
        "L" or "LARGE" => GeneratorSize.L,
        _ => throw new BadInputException($"invalid size '{text}': use S, M or L (≈1k accounts / 20k campaign members, ≈20k / 400k, ≈100k / 3M)"),
    };
}
