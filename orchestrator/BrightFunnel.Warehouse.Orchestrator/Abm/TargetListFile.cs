using System.Text.RegularExpressions;
using BrightFunnel.Warehouse.Orchestrator.Matching;

namespace BrightFunnel.Warehouse.Orchestrator.Abm;

/// <summary>
/// Reads an uploaded target account list: a CSV or a plain list, one account id or domain per line
/// (the first column when a line has several). A first line naming the column (account_id, id,
/// domain, website) is skipped, and so are blank lines. An entry is an id when it is 15 or 18
/// letters and digits with a digit among them; anything else must be a domain or a website
/// (<c>https://www.acme.com/x</c> means <c>acme.com</c>). Every line that is neither is refused,
/// naming the file and line, before anything is stored.
/// </summary>
public static partial class TargetListFile
{
    public const int MaxEntries = 100_000;
    static readonly string[] Headers = ["account_id", "accountid", "id", "domain", "website"];

    public static IReadOnlyList<TargetListEntry> Read(string path)
    {
        if (!File.Exists(path)) throw new BadInputException($"{path}: no such file");
        var entries = new List<TargetListEntry>();
        var problems = new List<string>();
        var lineNo = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            var value = FirstField(line);
            if (value.Length == 0) continue;
            if (lineNo == 1 && Headers.Contains(value.ToLowerInvariant())) continue;
            if (entries.Count >= MaxEntries) throw new BadInputException($"{path}: more than {MaxEntries:N0} entries (line {lineNo})");
            if (IdPattern().IsMatch(value) && value.Any(char.IsAsciiDigit))
                entries.Add(new TargetListEntry(lineNo, TargetListEntry.Id, value));
            else if (value.Contains('.') && RegistrableDomain.FromWebsite(value) is { } domain)
                entries.Add(new TargetListEntry(lineNo, TargetListEntry.Domain, domain));
            else
                problems.Add($"line {lineNo}: '{Printable(value)}' is neither an account id (15 or 18 letters and digits) nor a domain");
        }
        if (problems.Count > 0)
            throw new BadInputException($"{path}: {problems.Count} bad entr{(problems.Count == 1 ? "y" : "ies")}, nothing stored: " +
                                        string.Join("; ", problems.Take(10)) + (problems.Count > 10 ? "; …" : ""));
        if (entries.Count == 0) throw new BadInputException($"{path}: no account ids or domains in the file");
        return entries;
    }

    static string FirstField(string line)
    {
        var text = line.TrimStart('\uFEFF');
        var comma = text.IndexOfAny([',', ';', '\t']);
        if (comma >= 0) text = text[..comma];
        return text.Trim().Trim('"').Trim();
    }

    static string Printable(string value) =>
        new string(value.Select(c => char.IsControl(c) ? '?' : c).Take(80).ToArray());

    [GeneratedRegex("^([A-Za-z0-9]{15}|[A-Za-z0-9]{18})$")]
    private static partial Regex IdPattern();
}
