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

    const string ExternalKind = "EXTERNAL_TABLE";
    const string ViewKind = "VIRTUAL_VIEW";

    sealed record StoredColumn(string Name, string? Type, string? Comment);

    public sealed record View(IReadOnlyList<ViewColumn> Columns, string OriginalText);

    public void Create()
    {
        Execute($"CREATE SCHEMA IF NOT EXISTS {Identifier(Schema)}");
        Execute($"CREATE TABLE IF NOT EXISTS {Table} (db VARCHAR NOT NULL, name VARCHAR NOT NULL, kind VARCHAR NOT NULL, location VARCHAR, columns VARCHAR NOT NULL, original_text VARCHAR)");
    }

    public IReadOnlyList<ExternalTable> ExternalTables(RootPaths paths)
    {
        var tables = new List<ExternalTable>();
        using var command = database.CreateCommand();
        command.CommandText = $"SELECT db, name, location, columns FROM {Table} WHERE kind = '{ExternalKind}'";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var columns = JsonSerializer.Deserialize<List<StoredColumn>>(reader.GetString(3))!
                .Select(c => new ColumnDefinition(c.Name, ImpalaType.Parse(c.Type!), c.Comment)).ToList();
            var location = reader.GetString(2);
            tables.Add(new ExternalTable(reader.GetString(0), reader.GetString(1), columns, location, paths.Resolve(location)));
        }
        return tables;
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
        Insert(table.Database, table.Name, ExternalKind, table.Location, table.Columns.Select(c => new StoredColumn(c.Name, c.Type.Name, c.Comment)), null);
    }

    public void PutView(TableName resolved, IReadOnlyList<ViewColumn> columns, string originalText)
    {
        Remove(resolved);
        Insert(resolved.Database!, resolved.Table, ViewKind, null, columns.Select(c => new StoredColumn(c.Name, null, c.Comment)), originalText);
    }

    public void Remove(TableName resolved)
    {
        using var command = Command($"DELETE FROM {Table} WHERE db = $1 AND name = $2", resolved.Database!, resolved.Table);
        command.ExecuteNonQuery();
    }

    public void RemoveDatabase(string name)
    {
        using var command = Command($"DELETE FROM {Table} WHERE db = $1", name);
        command.ExecuteNonQuery();
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
