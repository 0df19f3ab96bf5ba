using System.Diagnostics.CodeAnalysis;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator;

/// <summary>
/// Salesforce record ids: 15 case-sensitive base-62 characters, or those 15 plus a 3-character
/// case-safe suffix (the 18-character form the warehouse stores). The suffix is Salesforce's own:
/// for each 5-character chunk of the 15, bit <c>i</c> is set when character <c>i</c> of the chunk
/// is an uppercase letter A–Z, and the 0–31 value picks a character of
/// <see cref="SuffixAlphabet"/>. Shared by the generator (minting ids) and the ingest (storing
/// every id in 18-character form).
/// </summary>
public static class SalesforceId
{
    /// <summary>Maps a chunk's 5-bit uppercase mask (0–31) to its suffix character.</summary>
    public const string SuffixAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

    /// <summary>
    /// The 18-character form of <paramref name="id"/>. A 15-character id gets its suffix; an
    /// 18-character id is checked (its suffix must be the one its first 15 characters produce,
    /// compared case-insensitively, as the suffix is case-safe by design) and returned with the
    /// suffix in canonical upper case. Anything else throws <see cref="FormatException"/>.
    /// </summary>
    public static string To18(string id) =>
        TryTo18(id, out var id18) ? id18 : throw new FormatException(Describe(id));

    /// <summary><see cref="To18(string)"/> without throwing; false for null or an invalid id.</summary>
    public static bool TryTo18(string? id, [NotNullWhen(true)] out string? id18)
    {
        id18 = null;
        if (id is null) return false;
        if (id.Length == 18 && IsValid18(id) && IsCanonicalSuffix(id.AsSpan(15))) { id18 = id; return true; }
        Span<char> buffer = stackalloc char[18];
        if (!TryTo18(id, buffer)) return false;
        id18 = new string(buffer);
        return true;
    }

    /// <summary>
    /// Allocation-free form for hot loops: writes the 18-character id into
    /// <paramref name="destination"/> (at least 18 long). False when <paramref name="id"/> is
    /// not a valid 15- or 18-character id.
    /// </summary>
    public static bool TryTo18(ReadOnlySpan<char> id, Span<char> destination)
    {
        if (destination.Length < 18) throw new ArgumentException("destination must hold 18 characters", nameof(destination));
        if (id.Length == 15)
        {
            if (!IsBase62(id)) return false;
            id.CopyTo(destination);
            WriteSuffix(id, destination[15..]);
            return true;
        }
        if (id.Length == 18 && IsValid18(id))
        {
            id[..15].CopyTo(destination);
            WriteSuffix(id[..15], destination[15..]);
            return true;
        }
        return false;
    }

    /// <summary>The 15-character (case-sensitive) form of a valid 15- or 18-character id.</summary>
    public static string To15(string id) =>
        IsValid(id) ? id[..15] : throw new FormatException(Describe(id));

    /// <summary>The 3-character case-safe suffix of a 15-character id (or of an 18-character id's first 15).</summary>
    public static string Suffix(ReadOnlySpan<char> id15)
    {
        if (id15.Length < 15) throw new ArgumentException("a Salesforce id has 15 significant characters", nameof(id15));
        Span<char> suffix = stackalloc char[3];
        WriteSuffix(id15, suffix);
        return new string(suffix);
    }

    /// <summary>Writes the case-safe suffix of <paramref name="id15"/>'s first 15 characters into <paramref name="destination"/>[0..3].</summary>
    public static void WriteSuffix(ReadOnlySpan<char> id15, Span<char> destination)
    {
        for (var chunk = 0; chunk < 3; chunk++)
        {
            var mask = 0;
            for (var i = 0; i < 5; i++)
            {
                var c = id15[chunk * 5 + i];
                if (c is >= 'A' and <= 'Z') mask |= 1 << i;
            }
            destination[chunk] = SuffixAlphabet[mask];
        }
    }

    /// <summary>
    /// The form an id typed by a person is looked up under: 15 characters become the stored 18;
    /// 18 letters and digits are taken as given (a wrong suffix then simply finds nothing).
    /// False for anything else, which must never reach a query.
    /// </summary>
    public static bool TryLookupForm(string? id, [NotNullWhen(true)] out string? key)
    {
        key = id is { Length: 18 } && IsBase62(id) ? id : null;
        return key is not null || TryTo18(id, out key);
    }

    /// <summary>True for 15 base-62 characters, or 18 whose suffix matches (case-insensitively) the first 15.</summary>
    public static bool IsValid(ReadOnlySpan<char> id) =>
        id.Length switch
        {
            15 => IsBase62(id),
            18 => IsValid18(id),
            _ => false,
        };

    static bool IsValid18(ReadOnlySpan<char> id)
    {
        if (!IsBase62(id)) return false;
        Span<char> expected = stackalloc char[3];
        WriteSuffix(id, expected);
        for (var i = 0; i < 3; i++)
            if (char.ToUpperInvariant(id[15 + i]) != expected[i]) return false;
        return true;
    }

    static bool IsCanonicalSuffix(ReadOnlySpan<char> suffix) =>
        suffix[0] is < 'a' or > 'z' && suffix[1] is < 'a' or > 'z' && suffix[2] is < 'a' or > 'z';

    static bool IsBase62(ReadOnlySpan<char> id)
    {
        foreach (var c in id)
            if (c is not ((>= '0' and <= '9') or (>= 'A' and <= 'Z') or (>= 'a' and <= 'z'))) return false;
        return true;
    }

    static string Describe(string? id) => id switch
    {
        null => "a Salesforce id is required",
        { Length: not (15 or 18) } => $"'{id}' is not a Salesforce id: it has {id.Length} characters, not 15 or 18",
        _ when !IsBase62(id) => $"'{id}' is not a Salesforce id: only letters and digits are allowed",
        _ => $"'{id}' is not a Salesforce id: its case-safe suffix '{id[15..]}' should be '{Suffix(id)}'",
    };
}
