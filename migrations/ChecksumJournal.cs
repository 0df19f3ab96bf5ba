using System.Data;
using Dapper;
using DbUp.Engine;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Migrations;

/// <summary>One row of the journal: what ran, its checksum, when, by whom and how long it took.</summary>
public sealed record JournalEntry(string ScriptName, string Kind, string Checksum, DateTime AppliedAt, string AppliedBy, long DurationMs);

/// <summary>
/// The journal table <c>schema_journal</c>: every application of a script with its SHA-256
/// checksum. A procedure appears once per applied version; the latest row is the one in force.
/// </summary>
public sealed class ChecksumJournal(string databaseConnectionString, string appliedBy) : IJournal
{
    public const string TableName = "schema_journal";

    /// <summary>Set by the executor just before it stores a script, so the journal records the run time.</summary>
    internal long LastDurationMs { get; set; }

    public string[] GetExecutedScripts() => ReadLatest().Keys.ToArray();

    /// <summary>The entry in force for every script ever applied (empty when the journal does not exist yet).</summary>
    public IReadOnlyDictionary<string, JournalEntry> ReadLatest() =>
        ReadAll().GroupBy(e => e.ScriptName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    public IReadOnlyList<JournalEntry> ReadAll()
    {
        using var connection = new MySqlConnection(databaseConnectionString);
        connection.Open();
        var exists = connection.ExecuteScalar<long>(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = @t",
            new { t = TableName }) > 0;
        if (!exists) return [];
        return connection.Query<JournalEntry>(
            $"SELECT script_name AS ScriptName, kind AS Kind, checksum AS Checksum, applied_at AS AppliedAt, " +
            $"applied_by AS AppliedBy, duration_ms AS DurationMs FROM `{TableName}` ORDER BY id").ToList();
    }

    public void StoreExecutedScript(SqlScript script, Func<IDbCommand> dbCommandFactory)
    {
        using var cmd = dbCommandFactory();
        cmd.CommandText = $"INSERT INTO `{TableName}` (script_name, kind, checksum, applied_at, applied_by, duration_ms) " +
                          "VALUES (@name, @kind, @checksum, UTC_TIMESTAMP(6), @by, @duration)";
        AddParameter(cmd, "@name", script.Name);
        AddParameter(cmd, "@kind", MigrationScript.KindOf(script).ToString().ToLowerInvariant());
        AddParameter(cmd, "@checksum", MigrationScript.Checksum(script));
        AddParameter(cmd, "@by", appliedBy);
        AddParameter(cmd, "@duration", LastDurationMs);
        cmd.ExecuteNonQuery();
    }

    public void EnsureTableExistsAndIsLatestVersion(Func<IDbCommand> dbCommandFactory)
    {
        using var cmd = dbCommandFactory();
        cmd.CommandText = CreateTableSql;
        cmd.ExecuteNonQuery();
    }

    public const string CreateTableSql = $"""
        CREATE TABLE IF NOT EXISTS `{TableName}` (
          id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
          script_name VARCHAR(255) NOT NULL,
          kind VARCHAR(16) NOT NULL,
          checksum CHAR(64) NOT NULL,
          applied_at DATETIME(6) NOT NULL,
          applied_by VARCHAR(255) NOT NULL,
          duration_ms BIGINT NOT NULL,
          KEY ix_schema_journal_script (script_name, id)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
          COMMENT='Every script applied to this database: its name, kind, SHA-256 checksum, when, by whom and how long it took.'
        """;

    static void AddParameter(IDbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
