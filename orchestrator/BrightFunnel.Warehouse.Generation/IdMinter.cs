using BrightFunnel.Warehouse.Orchestrator;

namespace BrightFunnel.Warehouse.Generation;

/// <summary>
/// Mints 18-character Salesforce ids for one object: the 3-character key prefix, a 2-character
/// instance code and a reserved '0' (both fixed per seed, like one org's ids), 9 base-62 digits of
/// a record number, then the case-safe suffix (<see cref="SalesforceId.WriteSuffix"/>). The record
/// number is a pure function of the row index — strictly increasing with irregular gaps, as real
/// ids are — so any writer can compute the id of any row without shared state.
/// </summary>
public sealed class IdMinter
{
    public const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public const string AccountPrefix = "001", ContactPrefix = "003", LeadPrefix = "00Q", CampaignPrefix = "701",
        CampaignMemberPrefix = "00v", OpportunityPrefix = "006", OpportunityContactRolePrefix = "00K", UserPrefix = "005";

    readonly char[] head = new char[6];
    readonly long first;
    readonly int stride;
    readonly ulong salt;

    public IdMinter(string keyPrefix, ulong seed)
    {
        if (keyPrefix.Length != 3) throw new ArgumentException("a key prefix has 3 characters", nameof(keyPrefix));
        Prefix = keyPrefix;
        var org = Rng.Mix(seed ^ 0x0_5A1E5F07CE);
        keyPrefix.CopyTo(head);
        head[3] = Base62[(int)(org % 10)];              // instance code, e.g. "5g", "1U"
        head[4] = Base62[(int)(org / 10 % 62)];
        head[5] = '0';
        salt = Rng.Mix(org ^ (ulong)(keyPrefix[0] << 16 | keyPrefix[1] << 8 | keyPrefix[2]));
        stride = 2 + (int)(salt % 29);                  // average gap between consecutive records
        first = 916_132_832L + (long)(salt % 3_000_000_000UL); // 62^5 and up: ids like 0015g00000AbCdE
    }

    public string Prefix { get; }

    /// <summary>Writes the 18-character id of row <paramref name="index"/> into <paramref name="destination"/>[0..18].</summary>
    public void Write(long index, Span<char> destination)
    {
        head.CopyTo(destination);
        var jitter = (long)(Rng.Mix(salt + (ulong)index) % (ulong)stride);
        var number = first + index * stride + jitter;
        for (var i = 14; i >= 6; i--)
        {
            destination[i] = Base62[(int)(number % 62)];
            number /= 62;
        }
        SalesforceId.WriteSuffix(destination, destination[15..]);
    }

    /// <summary>The id of row <paramref name="index"/>.</summary>
    public string Get(long index)
    {
        Span<char> id = stackalloc char[18];
        Write(index, id);
        return new string(id);
    }
}
