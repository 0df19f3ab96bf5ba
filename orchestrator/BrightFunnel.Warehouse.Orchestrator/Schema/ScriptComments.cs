using System.Text.RegularExpressions;
using BrightFunnel.Warehouse.Migrations;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Schema;

/// <summary>
/// One-line purposes taken from the scripts' own comments: for a table or view, the comment right
/// above its <c>CREATE</c> in the latest versioned script that creates it; for a routine, the header
/// of its <c>procs/&lt;name&gt;.sql</c>. A table whose migration says nothing is described by the
/// procedure whose header starts with the table's name (<c>cn_accounts from raw_account: …</c>,
/// <c>at_paths_next: …</c>): the procedures rebuild those tables whole. Applied migrations cannot be edited (their checksums are
/// journaled), so the comments are read as they are, and the first sentence is what is shown.
/// </summary>
public sealed partial class ScriptComments
{
    readonly Dictionary<string, string> tables = new(StringComparer.Ordinal);
    readonly Dictionary<string, string> routines = new(StringComparer.Ordinal);

    public ScriptComments(string scriptsFolder)
    {
        foreach (var script in new FolderScriptProvider(scriptsFolder).Load())
        {
            var lines = script.Contents.Split('\n');
            if (MigrationScript.KindOf(script) == ScriptKind.Procedure)
            {
                var name = Path.GetFileNameWithoutExtension(script.Name);
                if (FirstSentence(lines.TakeWhile(IsComment)) is { Length: > 0 } purpose) routines[name] = purpose;
                continue;
            }
            for (var i = 0; i < lines.Length; i++)
            {
                if (CreateStatement().Match(lines[i]) is not { Success: true } match) continue;
                var above = lines[..i].Reverse().TakeWhile(IsComment).Reverse();
                // Scripts run in order: a later CREATE (a table made a view) describes what is there now.
                tables[match.Groups["name"].Value] = FirstSentence(above);
            }
        }
    }

    public string TablePurpose(string table)
    {
        if (tables.GetValueOrDefault(table) is { Length: > 0 } purpose) return purpose;
        var builder = routines.Where(r => Describes(r.Value, table)).OrderBy(r => r.Key, StringComparer.Ordinal).FirstOrDefault();
        return builder.Key is null ? "" : $"Built by `{builder.Key}`: {builder.Value}";
    }

    // The header names what the procedure builds first: the table itself or its shadow (`<table>_next`).
    static bool Describes(string header, string table)
    {
        var first = header.Split(' ', 2)[0].TrimEnd(':', ',');
        return first == table || first == table + "_next";
    }

    public string RoutinePurpose(string routine) => routines.GetValueOrDefault(routine, "");

    static bool IsComment(string line) => line.TrimStart().StartsWith("--", StringComparison.Ordinal);

    /// <summary>The comment's first sentence, on one line; a bare <c>--</c> line ends it too.</summary>
    static string FirstSentence(IEnumerable<string> commentLines)
    {
        var words = new List<string>();
        foreach (var line in commentLines)
        {
            var text = line.TrimStart()[2..].Trim();
            if (text.Length == 0) break;
            words.Add(text);
            if (SentenceEnd().Match(text) is { Success: true }) break;
        }
        var joined = string.Join(" ", words);
        var end = SentenceEnd().Match(joined);
        return end.Success ? joined[..(end.Index + 1)] : joined;
    }

    [GeneratedRegex(@"^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:SQL\s+SECURITY\s+\w+\s+)?(?:TABLE|VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?`?(?<name>\w+)`?", RegexOptions.IgnoreCase)]
    private static partial Regex CreateStatement();

    // A full stop followed by a space or the end of the text; not the dot of "e.g." inside a word.
    [GeneratedRegex(@"(?<![A-Za-z]\.[A-Za-z])\.(?=\s|$)")]
    private static partial Regex SentenceEnd();
}
