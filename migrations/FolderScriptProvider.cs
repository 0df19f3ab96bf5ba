using DbUp.Engine;
using DbUp.Engine.Transactions;
using DbUp.Support;

namespace BrightFunnel.Warehouse.Migrations;

/// <summary>
/// Reads <c>&lt;folder&gt;/NNNN_name.sql</c> as versioned scripts and <c>&lt;folder&gt;/procs/*.sql</c>
/// as procedures; procedures run after the versioned scripts so they can use every table.
/// </summary>
public sealed class FolderScriptProvider(string folder) : IScriptProvider
{
    public IEnumerable<SqlScript> GetScripts(IConnectionManager connectionManager) => Load();

    public IReadOnlyList<SqlScript> Load()
    {
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"Migration scripts folder not found: {folder}");
        var versioned = Directory.GetFiles(folder, "*.sql")
            .Select(path => Read(path, Path.GetFileName(path), ScriptType.RunOnce, 1));
        var procsFolder = Path.Combine(folder, MigrationScript.ProceduresFolder);
        var procedures = Directory.Exists(procsFolder)
            ? Directory.GetFiles(procsFolder, "*.sql")
                .Select(path => Read(path, $"{MigrationScript.ProceduresFolder}/{Path.GetFileName(path)}", ScriptType.RunAlways, 2))
            : [];
        return versioned.Concat(procedures)
            .OrderBy(s => s.SqlScriptOptions.RunGroupOrder)
            .ThenBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
    }

    static SqlScript Read(string path, string name, ScriptType type, int group)
    {
        // Normalise line endings so a checkout with CRLF does not look like drift.
        var text = File.ReadAllText(path).Replace("\r\n", "\n");
        return new SqlScript(name, text, new SqlScriptOptions { ScriptType = type, RunGroupOrder = group });
    }
}
