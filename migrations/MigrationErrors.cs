namespace BrightFunnel.Warehouse.Migrations;

/// <summary>A statement of a script failed; names the script, the line the statement starts on and the statement.</summary>
public sealed class MigrationScriptException(string scriptName, int line, string statement, Exception inner)
    : Exception($"script {scriptName}, statement at line {line} ({FirstLine(statement)}): {inner.Message}", inner)
{
    public string ScriptName { get; } = scriptName;
    public int Line { get; } = line;

    static string FirstLine(string statement)
    {
        var first = statement.Split('\n', 2)[0].Trim();
        return first.Length > 80 ? first[..80] + "…" : first;
    }
}

/// <summary>Versioned scripts changed after they were applied; the database is left untouched.</summary>
public sealed class MigrationDriftException(string database, IReadOnlyList<DriftedScript> drift)
    : Exception($"{database}: refusing to migrate, applied scripts changed since: " +
                string.Join("; ", drift.Select(d => $"{d.ScriptName} applied {d.AppliedChecksum} now {d.CurrentChecksum}")))
{
    public IReadOnlyList<DriftedScript> Drift { get; } = drift;
}

/// <summary>The upgrade of one database stopped at a failing script.</summary>
public sealed class MigrationFailedException(string database, string? scriptName, Exception inner)
    : Exception($"{database}: migration failed{(scriptName is null ? "" : $" in {scriptName}")}: {inner.Message}", inner)
{
    public string? ScriptName { get; } = scriptName;
}

/// <summary>A repeatable script's model loops could not be written out (a model the SQL cannot carry, a loop it does not know).</summary>
public sealed class ModelTemplateException(string scriptName, string message) : Exception(message)
{
    public string ScriptName { get; } = scriptName;
}
