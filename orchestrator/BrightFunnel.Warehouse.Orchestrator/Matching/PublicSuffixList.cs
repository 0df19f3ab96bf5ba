using System.Globalization;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Matching;

/// <summary>
/// The Public Suffix List (publicsuffix.org), both its ICANN and its private section, with the
/// list's own algorithm: the longest matching rule wins, <c>*.ck</c> makes every label under ck a
/// suffix, an exception <c>!www.ck</c> beats any other rule and makes its parent the suffix, and a
/// host no rule matches has its last label as suffix. Rules with international labels are held as
/// punycode, the form <see cref="RegistrableDomain"/> compares. The list is Debian's
/// <c>publicsuffix</c> package copied into data/public_suffix_list.dat (<c>./run public-suffixes</c>)
/// and embedded, so a host without that package matches the same way.
/// </summary>
public sealed class PublicSuffixList
{
    public const string FileName = "public_suffix_list.dat";

    readonly HashSet<string> rules = new(StringComparer.Ordinal);
    readonly HashSet<string> wildcards = new(StringComparer.Ordinal);   // "ck" for *.ck
    readonly HashSet<string> exceptions = new(StringComparer.Ordinal);  // "www.ck" for !www.ck

    /// <summary>The embedded list, read once.</summary>
    public static PublicSuffixList Embedded { get; } = ReadEmbedded();

    static PublicSuffixList ReadEmbedded()
    {
        using var reader = MatchingData.Open(FileName);
        return Parse(reader, FileName);
    }

    /// <summary>How many rules of each kind were read: the embedded list is the full one, not a subset.</summary>
    public (int Rules, int Wildcards, int Exceptions) Counts => (rules.Count, wildcards.Count, exceptions.Count);

    /// <summary>
    /// Reads the list's format: one rule a line (its first word), <c>//</c> starts a comment line.
    /// A rule that is not a host name names <paramref name="source"/> and its line.
    /// </summary>
    public static PublicSuffixList Parse(TextReader reader, string source)
    {
        var list = new PublicSuffixList();
        var idn = new IdnMapping();
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            var text = line.Trim();
            if (text.Length == 0 || text.StartsWith("//", StringComparison.Ordinal)) continue;
            var end = text.IndexOfAny([' ', '\t']);
            var rule = (end >= 0 ? text[..end] : text).ToLowerInvariant();
            var (set, name) = rule switch
            {
                ['!', .. var rest] => (list.exceptions, rest),
                ['*', '.', .. var rest] => (list.wildcards, rest),
                _ => (list.rules, rule),
            };
            try
            {
                if (!System.Text.Ascii.IsValid(name)) name = idn.GetAscii(name);
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"{source} line {number}: '{rule}' is not a host name ({e.Message})", e);
            }
            if (name.Length == 0 || name.Split('.').Any(l => l.Length == 0 || l == "*"))
                throw new InvalidDataException($"{source} line {number}: '{rule}' is not a rule (a wildcard only as the first label)");
            set.Add(name);
        }
        return list;
    }

    /// <summary>
    /// How many labels of <paramref name="host"/> (lower case, punycode, no trailing dot) are its
    /// public suffix: at least 1, at most the host's own label count.
    /// </summary>
    public int SuffixLabels(string host)
    {
        // Called for every lead and account the matcher reads: suffixes are looked up as spans of
        // the host, longest first ("a.b.ck", "b.ck", "ck"), without a substring each.
        var ruleLookup = rules.GetAlternateLookup<ReadOnlySpan<char>>();
        var wildcardLookup = wildcards.GetAlternateLookup<ReadOnlySpan<char>>();
        var exceptionLookup = exceptions.GetAlternateLookup<ReadOnlySpan<char>>();
        var labels = host.AsSpan().Count('.') + 1;
        // An exception rule prevails over every other; its suffix is the rule less its first label.
        var suffix = host.AsSpan();
        for (var i = 0; i < labels; i++, suffix = Parent(suffix))
            if (exceptionLookup.Contains(suffix)) return labels - i - 1;
        suffix = host.AsSpan();
        for (var i = 0; i < labels; i++, suffix = Parent(suffix))
        {
            if (ruleLookup.Contains(suffix)) return labels - i;
            if (i + 1 < labels && wildcardLookup.Contains(Parent(suffix))) return labels - i;
        }
        return 1;   // the implicit rule "*": an unlisted top-level domain is a suffix of its own
    }

    /// <summary>The suffix one label shorter: "b.ck" of "a.b.ck"; empty past the last label.</summary>
    static ReadOnlySpan<char> Parent(ReadOnlySpan<char> suffix)
    {
        var dot = suffix.IndexOf('.');
        return dot < 0 ? [] : suffix[(dot + 1)..];
    }
}
