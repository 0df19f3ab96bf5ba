using DbUp.Engine;
using DbUp.Support;

namespace BrightFunnel.Warehouse.Migrations;

/// <summary>
/// Decides what runs: a script never applied, or a procedure whose text changed since it was
/// last applied. A changed versioned script is drift and is refused before the upgrade starts.
/// </summary>
public sealed class ChecksumScriptFilter(ChecksumJournal journal) : IScriptFilter
{
    public IEnumerable<SqlScript> Filter(IEnumerable<SqlScript> sorted, HashSet<string> executedScriptNames, ScriptNameComparer comparer) =>
        Pending(sorted, journal.ReadLatest());

    public static IEnumerable<SqlScript> Pending(IEnumerable<SqlScript> scripts, IReadOnlyDictionary<string, JournalEntry> latest) =>
        scripts.Where(s => !latest.TryGetValue(s.Name, out var entry)
                           || (MigrationScript.KindOf(s) == ScriptKind.Procedure && entry.Checksum != MigrationScript.Checksum(s)));
}
