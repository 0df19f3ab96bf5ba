using BrightFunnel.Warehouse.Impala.Engine.Hs2;
using BrightFunnel.Warehouse.Impala.Engine.Sql;
using DuckDB.NET.Data;
using static BrightFunnel.Warehouse.Impala.Engine.Sql.ImpalaSqlTranslator;

namespace BrightFunnel.Warehouse.Impala.Engine.Catalog;

/// <summary>
/// The engine's metastore and database: one in-memory DuckDB database (databases are schemas,
/// Impala's <c>default</c> is DuckDB's <c>main</c>), the external Parquet tables registered in
/// it, and the root folder their locations resolve under. DDL is serialised on the owning
/// connection; sessions query through connections duplicated from it.
/// </summary>
public sealed class EngineCatalog : IDisposable
{
    readonly DuckDBConnection database;
    readonly Lock ddl = new();
    readonly Dictionary<(string Db, string Table), ExternalTable> external = [];

    public EngineCatalog(string root)
    {
        Paths = new RootPaths(root);
        Directory.CreateDirectory(Paths.Root);
        database = new DuckDBConnection("Data Source=:memory:");
        database.Open();
        foreach (var macro in ImpalaFunctions.MacroDefinitions) Execute(macro);
    }

    public RootPaths Paths { get; }

    /// <summary>A new connection to the same database, for one session or one query.</summary>
    public DuckDBConnection Connect()
    {
        var connection = database.Duplicate();
        if (connection.State != System.Data.ConnectionState.Open) connection.Open();
        return connection;
    }

    public bool DatabaseExists(string name) => Scalar<long>(
        "SELECT count(*) FROM duckdb_schemas() WHERE database_name = current_database() AND schema_name = $1 AND (NOT internal OR schema_name = 'main')", SchemaFor(name)) > 0;

    public bool TableExists(TableName table) => Scalar<long>(
        "SELECT (SELECT count(*) FROM duckdb_tables() WHERE schema_name = $1 AND table_name = $2) + (SELECT count(*) FROM duckdb_views() WHERE schema_name = $1 AND view_name = $2 AND NOT internal)",
        SchemaFor(table.Database!), table.Table) > 0;

    public string CreateDatabase(string name, bool ifNotExists)
    {
        lock (ddl)
        {
            if (DatabaseExists(name))
                return ifNotExists ? "Database already exists." : throw EngineException.Analysis($"Database already exists: {name}");
            Execute($"CREATE SCHEMA {Identifier(SchemaFor(name))}");
            return "Database has been created.";
        }
    }

    public string DropDatabase(string name, bool ifExists, bool cascade)
    {
        if (SchemaFor(name) == DuckDbDefaultSchema) throw EngineException.Analysis("Cannot drop default database.");
        lock (ddl)
        {
            if (!DatabaseExists(name))
                return ifExists ? "Database does not exist." : throw EngineException.Analysis($"Database does not exist: {name}");
            Execute($"DROP SCHEMA {Identifier(SchemaFor(name))}{(cascade ? " CASCADE" : "")}");
            foreach (var key in external.Keys.Where(k => k.Db == name.ToLowerInvariant()).ToList()) external.Remove(key);
            return "Database has been dropped.";
        }
    }

    public string CreateExternalTable(CreateExternalTableStatement statement, string currentDatabase)
    {
        var name = statement.Name.Resolve(currentDatabase);
        var folder = Paths.Resolve(statement.Location);
        var table = new ExternalTable(name.Database!, name.Table, statement.Columns, statement.Location, folder);
        lock (ddl)
        {
            RequireDatabase(name.Database!);
            if (TableExists(name))
                return statement.IfNotExists ? "Table already exists." : throw EngineException.Analysis($"Table already exists: {name}");
            Execute(table.ViewSql(RootPaths.DataFiles(folder)));
            external[(name.Database!, name.Table)] = table;
            return "Table has been created.";
        }
    }

    /// <summary>
    /// CREATE TABLE with columns runs here; CREATE TABLE … AS SELECT only checks the name and
    /// returns the DuckDB statement for the operation to run on its own connection — in the
    /// session's database (unqualified names), cancellable, and without holding the DDL lock
    /// for as long as the query takes.
    /// </summary>
    public (string? Summary, string? AsSelectCommand, string? Target) CreateManagedTable(CreateManagedTableStatement statement, string currentDatabase)
    {
        var name = statement.Name.Resolve(currentDatabase);
        lock (ddl)
        {
            RequireDatabase(name.Database!);
            if (TableExists(name))
                return statement.IfNotExists ? ("Table already exists.", null, null) : throw EngineException.Analysis($"Table already exists: {name}");
            var target = $"{Identifier(SchemaFor(name.Database!))}.{Identifier(name.Table)}";
            if (statement.AsSelectDuckDbSql is { } select) return (null, $"CREATE TABLE {target} AS {select}", target);
            Execute($"CREATE TABLE {target} ({string.Join(", ", statement.Columns.Select(c => $"{Identifier(c.Name)} {DuckDbTypes.For(c.Type)}"))})");
            return ("Table has been created.", null, null);
        }
    }

    public string DropTable(TableName table, bool ifExists, string currentDatabase)
    {
        var name = table.Resolve(currentDatabase);
        lock (ddl)
        {
            if (!TableExists(name))
                return ifExists ? "Table does not exist." : throw EngineException.Analysis($"Table does not exist: {name}");
            // External tables keep their files, as in Impala: only the metadata goes.
            var target = $"{Identifier(SchemaFor(name.Database!))}.{Identifier(name.Table)}";
            Execute(external.Remove((name.Database!, name.Table)) ? $"DROP VIEW {target}" : $"DROP TABLE {target}");
            return "Table has been dropped.";
        }
    }

    /// <summary>Re-reads an external table's folder: files added or removed since CREATE become visible.</summary>
    public void Refresh(TableName table, string currentDatabase)
    {
        var name = table.Resolve(currentDatabase);
        lock (ddl)
        {
            if (!TableExists(name)) throw EngineException.Analysis($"Table does not exist: {name}");
            if (external.TryGetValue((name.Database!, name.Table), out var t)) Execute(t.ViewSql(RootPaths.DataFiles(t.Folder)));
        }
    }

    public void InvalidateMetadata(TableName? table, string currentDatabase)
    {
        if (table is not null)
        {
            Refresh(table, currentDatabase);
            return;
        }
        lock (ddl)
            foreach (var t in external.Values) Execute(t.ViewSql(RootPaths.DataFiles(t.Folder)));
    }

    /// <summary>Statistics are the planner's business; DuckDB keeps its own, so this only checks the table.</summary>
    public string ComputeStats(TableName table, string currentDatabase)
    {
        var name = table.Resolve(currentDatabase);
        if (!TableExists(name)) throw EngineException.Analysis($"Table does not exist: {name}");
        var columns = Scalar<long>("SELECT count(*) FROM duckdb_columns() WHERE schema_name = $1 AND table_name = $2", SchemaFor(name.Database!), name.Table);
        return $"Updated 1 partition(s) and {columns} column(s).";
    }

    /// <summary>A table's columns with DuckDB's type names, in order.</summary>
    public IReadOnlyList<(string Name, string DuckDbType)> Columns(TableName resolved)
    {
        lock (ddl)
        {
            using var command = database.CreateCommand();
            command.CommandText = "SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = $1 AND table_name = $2 ORDER BY column_index";
            command.Parameters.Add(new DuckDBParameter(SchemaFor(resolved.Database!)));
            command.Parameters.Add(new DuckDBParameter(resolved.Table));
            using var reader = command.ExecuteReader();
            var columns = new List<(string, string)>();
            while (reader.Read()) columns.Add((reader.GetString(0), reader.GetString(1)));
            return columns;
        }
    }

    public ExternalTable? External(TableName resolved)
    {
        lock (ddl) return external.GetValueOrDefault((resolved.Database!, resolved.Table));
    }

    public void RequireDatabase(string name)
    {
        if (!DatabaseExists(name)) throw EngineException.Analysis($"Database does not exist: {name}");
    }

    void Execute(string sql)
    {
        lock (ddl)
        {
            using var command = database.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }

    T Scalar<T>(string sql, params object[] parameters)
    {
        lock (ddl)
        {
            using var command = database.CreateCommand();
            command.CommandText = sql;
            foreach (var p in parameters) command.Parameters.Add(new DuckDBParameter(p));
            return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    public void Dispose() => database.Dispose();
}
