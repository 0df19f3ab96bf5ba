using System.Security.Cryptography;
using System.Text;

namespace BrightFunnel.Warehouse.Events;

/// <summary>
/// How an email travels and rests: the lower-case hex SHA-256 of the trimmed, lower-cased address.
/// MySQL computes the same as <c>SHA2(LOWER(TRIM(email)), 256)</c>, which is how an identify event
/// finds its lead or contact in <c>cn_people</c>.
/// </summary>
public static class EmailHashing
{
    public static string Hash(string email)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant()), digest);
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>Already a hash: 64 lower-case hex characters.</summary>
    public static bool IsHash(string value) =>
        value.Length == 64 && value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
