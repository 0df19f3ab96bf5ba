using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;
namespace BrightFunnel.Warehouse.Orchestrator.Ingest;

/// <summary>
/// The ids seen so far in one file and the line each was first on. A Salesforce id's first 15
/// characters (6 bits each) fit in 90 bits, so a 3M-row file keeps 3M plain numbers rather than
/// 3M strings the garbage collector would trace again and again; anything else is kept as text.
/// </summary>
/// <param name="canonicalSalesforceIds">the ids are checked 18-character Salesforce ids, whose suffix follows from the first 15.</param>
sealed class IdSet(bool canonicalSalesforceIds)
{
    readonly Dictionary<UInt128, int> packed = new(PackedIdComparer.Instance);
    readonly Dictionary<string, int> other = new(StringComparer.Ordinal);

    /// <summary>False, with the line it was first on, when <paramref name="id"/> was seen before.</summary>
    public bool TryAdd(string id, int line, out int firstLine)
    {
        firstLine = 0;
        if (TryPack(id, out var key))
        {
            if (packed.TryAdd(key, line)) return true;
            firstLine = packed[key];
            return false;
        }
        if (other.TryAdd(id, line)) return true;
        firstLine = other[id];
        return false;
    }

    public void Remove(string id)
    {
        if (TryPack(id, out var key)) packed.Remove(key);
        else other.Remove(id);
    }

    bool TryPack(string id, out UInt128 key)
    {
        key = 0;
        if (!canonicalSalesforceIds || id.Length != 18) return false;
        for (var i = 0; i < 15; i++)
        {
            var c = id[i];
            int digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'A' and <= 'Z' => c - 'A' + 10,
                >= 'a' and <= 'z' => c - 'a' + 36,
                _ => -1,
            };
            if (digit < 0) return false;
            key = (key << 6) | (uint)digit;
        }
        return true;
    }
}

/// <summary>
/// Fibonacci-hashes both halves: the profile showed most of the id set's time in
/// <c>Dictionary&lt;UInt128, int&gt;.TryInsert</c> with the default hash of these packed keys.
/// </summary>
sealed class PackedIdComparer : IEqualityComparer<UInt128>
{
    public static readonly PackedIdComparer Instance = new();

    public bool Equals(UInt128 x, UInt128 y) => x == y;

    public int GetHashCode(UInt128 key)
    {
        var h = ((ulong)key ^ (ulong)(key >> 64) * 0xC2B2AE3D27D4EB4FUL) * 0x9E3779B97F4A7C15UL;
        return (int)(h >> 32);
    }
}
