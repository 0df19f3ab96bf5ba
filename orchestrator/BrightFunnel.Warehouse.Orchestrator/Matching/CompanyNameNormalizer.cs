using System.Text;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Matching;

/// <summary>
/// Turns a company name into the form names are compared in: lower case, accents folded,
/// punctuation gone ("&amp;" → "and"), a leading "the" and trailing legal forms removed
/// (data/legal_suffixes.txt), runs of single letters joined ("A.B.C." and "A B C" → "abc").
/// "Acme, Inc.", "ACME Corp" and "The Acme Company GmbH" all become "acme". Names that name no
/// company (data/placeholder_companies.txt: "N/A", "Self-employed", …) become "".
/// </summary>
public static class CompanyNameNormalizer
{
    static readonly string[][] LegalSuffixes = MatchingData.ReadLines("legal_suffixes.txt")
        .Select(Tokens).Where(t => t.Count > 0).Select(t => t.ToArray())
        .OrderByDescending(t => t.Length).ToArray();

    static readonly HashSet<string> Placeholders = MatchingData.ReadLines("placeholder_companies.txt")
        .Select(s => string.Join(' ', Tokens(s))).ToHashSet(StringComparer.Ordinal);

    public static string Normalize(string? name)
    {
        var tokens = Tokens(name);
        if (tokens.Count > 1 && tokens[0] == "the") tokens.RemoveAt(0);
        StripLegalSuffixes(tokens);
        var normalized = string.Join(' ', tokens);
        return Placeholders.Contains(normalized) ? "" : normalized;
    }

    /// <summary>Removes legal forms from the end, repeatedly; the first word always stays.</summary>
    static void StripLegalSuffixes(List<string> tokens)
    {
        var stripped = true;
        while (stripped)
        {
            stripped = false;
            foreach (var suffix in LegalSuffixes)
            {
                if (suffix.Length >= tokens.Count || !EndsWith(tokens, suffix)) continue;
                tokens.RemoveRange(tokens.Count - suffix.Length, suffix.Length);
                // "Smith & Co" → "smith and": the "and" belonged to the legal form.
                while (tokens.Count > 1 && tokens[^1] == "and") tokens.RemoveAt(tokens.Count - 1);
                stripped = true;
                break;
            }
        }
    }

    static bool EndsWith(List<string> tokens, string[] suffix)
    {
        var offset = tokens.Count - suffix.Length;
        for (var i = 0; i < suffix.Length; i++)
            if (tokens[offset + i] != suffix[i]) return false;
        return true;
    }

    /// <summary>Lower-cased, accent-folded words; runs of single letters joined into one word.</summary>
    static List<string> Tokens(string? text)
    {
        var words = new List<string>();
        if (string.IsNullOrWhiteSpace(text)) return words;
        var word = new StringBuilder();
        void EndWord()
        {
            if (word.Length > 0) words.Add(word.ToString());
            word.Clear();
        }
        foreach (var raw in text)
        {
            var c = char.ToLowerInvariant(raw);
            if (c is '\'' or '\u2019' or '.') continue;   // O'Reilly → oreilly, Inc. → inc, A.B.C. → abc
            if (c == '&') { EndWord(); words.Add("and"); continue; }
            if (char.IsLetterOrDigit(c)) AccentFolding.Append(word, c);
            else EndWord();
        }
        EndWord();
        return JoinSingleLetters(words);
    }

    static List<string> JoinSingleLetters(List<string> words)
    {
        var joined = new List<string>(words.Count);
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i].Length == 1 && i + 1 < words.Count && words[i + 1].Length == 1)
            {
                var run = new StringBuilder();
                while (i < words.Count && words[i].Length == 1) run.Append(words[i++]);
                joined.Add(run.ToString());
                i--;
            }
            else joined.Add(words[i]);
        }
        return joined;
    }
}

/// <summary>
/// Folds the accented Latin letters company names commonly carry (Müller → muller). The
/// runtime runs with invariant globalization, where string.Normalize cannot decompose them.
/// </summary>
static class AccentFolding
{
    const string From = "àáâãäåāăąçćčďđèéêëēėęěìíîïīįłñńňòóôõöøōőŕřśšşťţùúûüūůűųýÿžźż";
    const string To   = "aaaaaaaaacccddeeeeeeeeiiiiiilnnnoooooooorrsssttuuuuuuuuyyzzz";

    /// <summary>Appends the folded form of a lower-case letter or digit.</summary>
    public static void Append(StringBuilder target, char c)
    {
        if (c < 128) { target.Append(c); return; }
        switch (c)
        {
            case 'ß': target.Append("ss"); break;
            case 'æ': target.Append("ae"); break;
            case 'œ': target.Append("oe"); break;
            case 'þ': target.Append("th"); break;
            default:
                var i = From.IndexOf(c);
                target.Append(i >= 0 ? To[i] : c);
                break;
        }
    }
}
