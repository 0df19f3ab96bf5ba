using BrightFunnel.Warehouse.Migrations;
using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Loading;

/// <summary>
/// The non-unique secondary keys of a table that is about to be bulk loaded while nothing reads it
/// (a shadow table): dropped before the load and built once after it, by sorting, instead of being
/// maintained row by row. Unique keys stay: deferring them would turn a duplicate into a failure
/// of the whole load.
/// </summary>
sealed class DeferredKeys
{
    readonly MySqlConnection connection;
    readonly string quotedTable;
    readonly List<string> keys;

    DeferredKeys(MySqlConnection connection, string quotedTable, List<string> keys) =>
        (this.connection, this.quotedTable, this.keys) = (connection, quotedTable, keys);

    /// <summary>Drops the keys <paramref name="table"/> has (it may be a copy of <paramref name="likeTable"/>, which names them).</summary>
    public static DeferredKeys Drop(MySqlConnection connection, string table, string likeTable)
    {
        var keys = connection.Query<(string index, string column, long? part)>(
                """
                SELECT index_name, column_name, sub_part FROM information_schema.statistics
                WHERE table_schema = DATABASE() AND table_name = @likeTable AND non_unique = 1 AND index_type = 'BTREE'
                ORDER BY index_name, seq_in_index
                """, new { likeTable })
            .GroupBy(k => k.index)
            .Select(k => $"{MySqlIdentifier.Quote(k.Key)} ({string.Join(", ", k.Select(c => MySqlIdentifier.Quote(c.column) + (c.part is { } n ? $"({n})" : "")))})")
            .ToList();
        var quoted = MySqlIdentifier.Quote(table);
        if (keys.Count > 0)
            connection.Execute($"ALTER TABLE {quoted} {string.Join(", ", keys.Select(k => "DROP KEY " + k[..k.IndexOf(" (", StringComparison.Ordinal)]))}");
        return new DeferredKeys(connection, quoted, keys);
    }

    /// <summary>Builds the dropped keys, all in one ALTER TABLE.</summary>
    public void Build()
    {
        if (keys.Count > 0)
            connection.Execute($"ALTER TABLE {quotedTable} {string.Join(", ", keys.Select(k => "ADD KEY " + k))}", commandTimeout: 0);
    }
}
