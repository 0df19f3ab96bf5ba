namespace BrightFunnel.Warehouse.Impala.Client;

/// <summary>
/// HS2's null bitmap: bit <c>row % 8</c> of byte <c>row / 8</c>, least-significant bit first,
/// 1 = null. Servers may send a bitmap shorter than the values; the missing bits are zeros.
/// </summary>
public readonly struct Hs2NullMask(byte[]? bits)
{
    readonly byte[] bits = bits ?? [];

    public bool IsNull(int row)
    {
        var index = row >> 3;
        return (uint)index < (uint)bits.Length && (bits[index] & (1 << (row & 7))) != 0;
    }

    public bool this[int row] => IsNull(row);

    /// <summary>False when no row is null: readers can skip the per-row check.</summary>
    public bool HasNulls => Array.Exists(bits, b => b != 0);

    /// <summary>Builds a bitmap from per-row flags (used by servers and tests).</summary>
    public static byte[] Encode(ReadOnlySpan<bool> nulls)
    {
        var bytes = new byte[(nulls.Length + 7) / 8];
        for (var i = 0; i < nulls.Length; i++)
            if (nulls[i]) bytes[i >> 3] |= (byte)(1 << (i & 7));
        return bytes;
    }
}
