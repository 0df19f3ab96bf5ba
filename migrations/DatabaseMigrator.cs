using Dapper;
using DbUp.Builder;
using DbUp.Engine;
using DbUp.Engine.Output;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Migrations;

/// <summary>A database to migrate: a label for people (<c>control</c>, <c>tenant:acme</c>), its server, name and scripts.</summary>
public sealed record MigrationTarget(string Label, string ServerConnectionString, string Database, string ScriptsFolder);

public sealed record DriftedScript(string ScriptName, string AppliedChecksum, string CurrentChecksum);

/// <summary>
/// Where one database stands: its version (number of the last versioned script applied), what
/// would run next, and drift.
/// </summary>
public sealed record MigrationStatus(
    string Label, string Database, bool Exists, string? Version,
    IReadOnlyList<string> Pending, IReadOnlyList<DriftedScript> Drift, string? Error = null)
{
    public bool UpToDate => Exists && Error is null && Pending.Count == 0 && Drift.Count == 0;
}

/// <summary>Plans, applies and audits the migrations of one database with dbup-core.</summary>
public sealed class DatabaseMigrator(MigrationTarget target, IUpgradeLog? log = null)
{
    public static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(5);

    public MigrationTarget Target => target;

    // Scripts are SQL text, never parameterized: an @name in them is a session variable (the fence procedures keep the run's token in one).
    string DatabaseConnectionString =>
        new MySqlConnectionStringBuilder(target.ServerConnectionString) { Database = target.Database, AllowUserVariables = true }.ConnectionString;

    static string AppliedBy => $"{Environment.UserName}@{Environment.MachineName}";

    public MigrationStatus Status()
    {
        var scripts = new FolderScriptProvider(target.ScriptsFolder).Load();
        if (!DatabaseExists())
            return new MigrationStatus(target.Label, target.Database, false, null, scripts.Select(s => s.Name).ToList(), []);
        var latest = new ChecksumJournal(DatabaseConnectionString, AppliedBy).ReadLatest();
        // With no versioned script pending, the models are the ones the repeatable scripts will be
        // expanded with; before that, a script with model loops is compared unexpanded (so pending).
        if (!ChecksumScriptFilter.Pending(scripts, latest).Any(s => MigrationScript.KindOf(s) == ScriptKind.Versioned))
        {
            try { scripts = Scripts().Load(); }
            catch (ModelTemplateException e)
            {
                return new MigrationStatus(target.Label, target.Database, true, null, [e.ScriptName], [], $"{e.ScriptName}: {e.Message}");
            }
        }
        var drift = scripts
            .Where(s => MigrationScript.KindOf(s) == ScriptKind.Versioned
                        && latest.TryGetValue(s.Name, out var e) && e.Checksum != MigrationScript.Checksum(s))
            .Select(s => new DriftedScript(s.Name, latest[s.Name].Checksum, MigrationScript.Checksum(s)))
            .ToList();
        var pending = ChecksumScriptFilter.Pending(scripts, latest).Select(s => s.Name).ToList();
        var version = latest.Values.Where(e => e.Kind == "versioned").Select(e => e.ScriptName.Split('_')[0])
            .OrderBy(n => n, StringComparer.Ordinal).LastOrDefault();
        return new MigrationStatus(target.Label, target.Database, true, version, pending, drift);
    }

    /// <summary>Creates the database if needed and applies what is pending, under the database's migration lock.</summary>
    public IReadOnlyList<string> Apply()
    {
        using (var server = new MySqlConnection(target.ServerConnectionString))
        {
            server.Open();
            server.Execute($"CREATE DATABASE IF NOT EXISTS {MySqlIdentifier.Quote(target.Database)} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        }
        using var _ = MigrationLock.Acquire(target.ServerConnectionString, target.Database, LockTimeout);
        var status = Status();
        if (status.Drift.Count > 0) throw new MigrationDriftException(target.Label, status.Drift);
        if (status.Pending.Count == 0) return [];

        // Versioned scripts first, then the repeatable ones expanded from the models as the
        // versioned scripts left them (a migration that adds a model re-applies what lists models).
        return [.. Upgrade(ScriptKind.Versioned), .. Upgrade(ScriptKind.Procedure)];
    }

    FolderScriptProvider Scripts() => new(target.ScriptsFolder, ReadModels);

    ModelTemplate ReadModels()
    {
        using var connection = new MySqlConnection(DatabaseConnectionString);
        connection.Open();
        if (connection.ExecuteScalar<long>("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'at_models'") == 0)
            throw new InvalidOperationException($"{target.Label}: a script has model loops, but {target.Database} has no at_models table");
        return ModelTemplate.Read(connection);
    }

    IReadOnlyList<string> Upgrade(ScriptKind kind)
    {
        var provider = kind == ScriptKind.Versioned ? new FolderScriptProvider(target.ScriptsFolder) : Scripts();
        IReadOnlyList<SqlScript> scripts;
        try { scripts = provider.Load().Where(s => MigrationScript.KindOf(s) == kind).ToList(); }
        catch (ModelTemplateException e) { throw new MigrationFailedException(target.Label, e.ScriptName, e); }
        var latest = new ChecksumJournal(DatabaseConnectionString, AppliedBy).ReadLatest();
        if (!ChecksumScriptFilter.Pending(scripts, latest).Any()) return [];
        var result = BuildEngine(new ListScriptProvider(scripts)).PerformUpgrade();
        if (!result.Successful)
            throw new MigrationFailedException(target.Label, result.ErrorScript?.Name, result.Error);
        return result.Scripts.Select(s => s.Name).ToList();
    }

    sealed class ListScriptProvider(IReadOnlyList<SqlScript> scripts) : IScriptProvider
    {
        public IEnumerable<SqlScript> GetScripts(DbUp.Engine.Transactions.IConnectionManager connectionManager) => scripts;
    }

    UpgradeEngine BuildEngine(IScriptProvider scripts)
    {
        var connectionString = DatabaseConnectionString;
        var connectionManager = new MySqlConnectionManager(connectionString);
        var journal = new ChecksumJournal(connectionString, AppliedBy);
        var builder = new UpgradeEngineBuilder();
        builder.Configure(c =>
            {
                c.ConnectionManager = connectionManager;
                c.ScriptProviders.Add(scripts);
                c.Journal = journal;
                c.ScriptExecutor = new StatementScriptExecutor(connectionManager, journal);
                c.ScriptFilter = new ChecksumScriptFilter(journal);
                c.AddLog(log ?? new NoOpUpgradeLog());
            c.VariablesEnabled = false;
        });
        return builder.Build();
    }

    bool DatabaseExists()
    {
        using var server = new MySqlConnection(target.ServerConnectionString);
        server.Open();
        return server.ExecuteScalar<long>("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = @db",
            new { db = target.Database }) > 0;
    }
}
