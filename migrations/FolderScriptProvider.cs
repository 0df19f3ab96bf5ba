using DbUp.Engine;
using DbUp.Engine.Transactions;
using DbUp.Support;

namespace BrightFunnel.Warehouse.Migrations;

/// <summary>
/// Reads <c>&lt;folder&gt;/NNNN_name.sql</c> as versioned scripts and <c>&lt;folder&gt;/procs/*.sql</c>
/// as repeatable ones (procedures, and views written out from the model list); repeatable scripts
/// run after the versioned ones so they can use every table. A repeatable script with model loops
/// (<see cref="ModelTemplate"/>) is expanded with the models <paramref name="models"/> reads, and its
/// expanded text is what is checksummed: a new model re-applies it. Without <paramref name="models"/>
/// scripts are read as written (to list them before the models can be read).
/// </summary>
public sealed class FolderScriptProvider(string folder, Func<ModelTemplate>? models = null) : IScriptProvider
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

    ModelTemplate? template;

    SqlScript Read(string path, string name, ScriptType type, int group)
    {
        // Normalise line endings so a checkout with CRLF does not look like drift.
        var text = File.ReadAllText(path).Replace("\r\n", "\n");
        if (models is not null && type == ScriptType.RunAlways && ModelTemplate.Uses(text))
        {
            // A model list the SQL cannot carry (a bad name or kind) fails the script that lists models, by name.
            try { text = (template ??= models()).Expand(text, name); }
            catch (InvalidOperationException e) { throw new ModelTemplateException(name, e.Message); }
        }
        return new SqlScript(name, text, new SqlScriptOptions { ScriptType = type, RunGroupOrder = group });
    }
}
