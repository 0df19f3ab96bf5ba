using System.Text.Json;
using BrightFunnel.Warehouse.Impala.Engine.Sql;
using BrightFunnel.Warehouse.Impala.Types;
using DuckDB.NET.Data;
using static BrightFunnel.Warehouse.Impala.Engine.Sql.ImpalaSqlTranslator;

namespace BrightFunnel.Warehouse.Impala.Engine.Catalog;

/// <summary>
/// What Impala's metastore knows and DuckDB's catalog cannot hold: an external table's LOCATION
/// and declared columns (DuckDB only has the view over its files), and a view's original text and
/// column comments. Kept in a table of the same DuckDB database, so each piece commits in the
/// same transaction as the DDL it describes. Its schema's name has a character Impala never
/// allows in a database name, so no Impala database can collide with it; the catalog hides it.
/// </summary>
sealed class CatalogRegistry(DuckDBConnection database)
{
    public const string Schema = "bfw$catalog";

    static readonly string Table = $"{Identifier(Schema)}.objects";

    /// <summary>The partitions of partitioned external tables: one row each, values as a JSON array in partition-column order.</summary>
    static readonly string PartitionTable = $"{Identifier(Schema)}.partitions";

    const string ExternalKind = "EXTERNAL_TABLE";
    const string ViewKind = "VIRTUAL_VIEW";

    /// <summary>A column as stored; <see cref="Partition"/> marks a partition column (absent in catalogs written before partitions: false).</summary>
    sealed record StoredColumn(string Name, string? Type, string? Comment, bool Partition = false);

    public sealed record View(IReadOnlyList<ViewColumn> Columns, string OriginalText);

    public void Create()
    {
        Execute($"CREATE SCHEMA IF NOT EXISTS {Identifier(Schema)}");
        Execute($"CREATE TABLE IF NOT EXISTS {Table} (db VARCHAR NOT NULL, name VARCHAR NOT NULL, kind VARCHAR NOT NULL, location VARCHAR, columns VARCHAR NOT NULL, original_text VARCHAR)");
        Execute($"CREATE TABLE IF NOT EXISTS {PartitionTable} (db VARCHAR NOT NULL, name VARCHAR NOT NULL, vals VARCHAR NOT NULL, location VARCHAR NOT NULL)");
    }

    public IReadOnlyList<ExternalTable> ExternalTables(RootPaths paths)
    {
        var tables = new List<ExternalTable>();
        using var command = database.CreateCommand();
        command.CommandText = $"SELECT db, name, location, columns FROM {Table} WHERE kind = '{ExternalKind}'";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var stored = JsonSerializer.Deserialize<List<StoredColumn>>(reader.GetString(3))!;
            ColumnDefinition Definition(StoredColumn c) => new(c.Name, ImpalaType.Parse(c.Type!), c.Comment);
            var location = reader.GetString(2);
            tables.Add(new ExternalTable(reader.GetString(0), reader.GetString(1), stored.Where(c => !c.Partition).Select(Definition).ToList(), location, paths.Resolve(location))
            {
                PartitionColumns = stored.Where(c => c.Partition).Select(Definition).ToList(),
            });
        }
        return tables.Select(t => t.IsPartitioned ? t with { Partitions = PartitionsOf(t, paths) } : t).ToList();
    }

    List<TablePartition> PartitionsOf(ExternalTable table, RootPaths paths)
    {
        using var command = Command($"SELECT vals, location FROM {PartitionTable} WHERE db = $1 AND name = $2", table.Database, table.Name);
        using var reader = command.ExecuteReader();
        var partitions = new List<TablePartition>();
        while (reader.Read())
            partitions.Add(new TablePartition(JsonSerializer.Deserialize<List<string>>(reader.GetString(0))!, reader.GetString(1), paths.Resolve(reader.GetString(1))));
        return PartitionOrder.Sorted(partitions);
    }

    public void PutPartition(ExternalTable table, TablePartition partition)
    {
        using var command = Command($"INSERT INTO {PartitionTable} VALUES ($1, $2, $3, $4)", table.Database, table.Name, JsonSerializer.Serialize(partition.Values), partition.Location);
        command.ExecuteNonQuery();
    }

    public void RemovePartition(ExternalTable table, TablePartition partition)
    {
        using var command = Command($"DELETE FROM {PartitionTable} WHERE db = $1 AND name = $2 AND vals = $3", table.Database, table.Name, JsonSerializer.Serialize(partition.Values));
        command.ExecuteNonQuery();
    }

    public View? FindView(TableName resolved)
    {
        using var command = Command($"SELECT columns, original_text FROM {Table} WHERE kind = '{ViewKind}' AND db = $1 AND name = $2", resolved.Database!, resolved.Table);
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return null;
        var columns = JsonSerializer.Deserialize<List<StoredColumn>>(reader.GetString(0))!.Select(c => new ViewColumn(c.Name, c.Comment)).ToList();
        return new View(columns, reader.GetString(1));
    }

    public void PutExternal(ExternalTable table)
    {
        Remove(new TableName(table.Database, table.Name));
        Insert(table.Database, table.Name, ExternalKind, table.Location,
            table.Columns.Select(c => new StoredColumn(c.Name, c.Type.Name, c.Comment))
                .Concat(table.PartitionColumns.Select(c => new StoredColumn(c.Name, c.Type.Name, c.Comment, Partition: true))), null);
    }

    public void PutView(TableName resolved, IReadOnlyList<ViewColumn> columns, string originalText)
    {
        Remove(resolved);
        Insert(resolved.Database!, resolved.Table, ViewKind, null, columns.Select(c => new StoredColumn(c.Name, null, c.Comment)), originalText);
    }

    public void Remove(TableName resolved)
    {
        foreach (var table in new[] { Table, PartitionTable })
        {
            using var command = Command($"DELETE FROM {table} WHERE db = $1 AND name = $2", resolved.Database!, resolved.Table);
            command.ExecuteNonQuery();
        }
    }

    public void RemoveDatabase(string name)
    {
        foreach (var table in new[] { Table, PartitionTable })
        {
            using var command = Command($"DELETE FROM {table} WHERE db = $1", name);
            command.ExecuteNonQuery();
        }
    }

    void Insert(string db, string name, string kind, string? location, IEnumerable<StoredColumn> columns, string? originalText)
    {
        using var command = Command($"INSERT INTO {Table} VALUES ($1, $2, $3, $4, $5, $6)",
            db, name, kind, location, JsonSerializer.Serialize(columns.ToList()), originalText);
        command.ExecuteNonQuery();
    }

    DuckDBCommand Command(string sql, params object?[] parameters)
    {
        var command = database.CreateCommand();
        command.CommandText = sql;
        foreach (var p in parameters) command.Parameters.Add(new DuckDBParameter(p ?? DBNull.Value));
        return command;
    }

    void Execute(string sql)
    {
        using var command = database.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
