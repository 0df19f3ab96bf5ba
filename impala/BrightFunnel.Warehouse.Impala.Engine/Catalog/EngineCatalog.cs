using BrightFunnel.Warehouse.Impala.Engine.Hs2;
using BrightFunnel.Warehouse.Impala.Engine.Sql;
using DuckDB.NET.Data;
using static BrightFunnel.Warehouse.Impala.Engine.Sql.ImpalaSqlTranslator;

namespace BrightFunnel.Warehouse.Impala.Engine.Catalog;

/// <summary>
/// The engine's metastore and database: one DuckDB database file under the root's hidden
/// <c>.catalog</c> folder (databases are schemas, Impala's <c>default</c> is DuckDB's <c>main</c>),
/// so databases, views and tables outlive the engine as Impala's metastore does. The external
/// Parquet tables and views are also recorded in <see cref="CatalogRegistry"/>, in the same
/// transaction as their DDL. DDL is serialised on the owning connection; sessions query through
/// connections of their own to the same database.
/// </summary>
public sealed class EngineCatalog : IDisposable
{
    public const string CatalogFolderName = ".catalog";

    readonly RootLock rootLock;
    readonly string connectionString;
    readonly DuckDBConnection database;
    readonly CatalogRegistry registry;
    readonly Lock ddl = new();
    readonly Dictionary<(string Db, string Table), ExternalTable> external = [];

    /// <param name="version">what version() answers instead of Impala's form, or null.</param>
    public EngineCatalog(string root, string? version = null)
    {
        Paths = new RootPaths(root);
        Directory.CreateDirectory(Paths.CatalogFolder);
        rootLock = RootLock.Acquire(Paths.Root, Paths.CatalogFolder);
        try
        {
            connectionString = $"Data Source={Path.Combine(Paths.CatalogFolder, "catalog.duckdb")}";
            database = new DuckDBConnection(connectionString);
            database.Open();
            // Results carry no order without ORDER BY in Impala either; keeping insertion order
            // makes DuckDB serialise a CREATE TABLE … AS SELECT into a file-backed table (twice the CPU).
            Execute("SET GLOBAL preserve_insertion_order = false");
            // FSST string compression is most of the cost of writing the pairs (ids are unique
            // 18-character strings it barely shrinks): measured on the L tenant's 21.8M pairs, a
            // six-column CREATE TABLE … AS SELECT took 16.2 s with it and 11.1 s without, as long as
            // into memory. Dictionary compression stays; the file grows by what FSST would have saved.
            Execute("SET GLOBAL disabled_compression_methods = 'fsst'");
            registry = new CatalogRegistry(database);
            registry.Create();
            foreach (var macro in ImpalaFunctions.MacroDefinitions) Execute(macro);
            if (version is not null) Execute(ImpalaFunctions.VersionMacro(version));
            // As Impala reloads table metadata when it starts, each external table lists its folder again.
            foreach (var table in registry.ExternalTables(Paths))
            {
                external[(table.Database, table.Name)] = table;
                Execute(table.ViewSql());
            }
        }
        catch
        {
            database?.Dispose();
            rootLock.Dispose();
            throw;
        }
    }

    public RootPaths Paths { get; }

    /// <summary>A new connection to the same database, for one session or one query.</summary>
    /// <remarks>DuckDB.NET shares one database among a process's connections to the same file.</remarks>
    public DuckDBConnection Connect()
    {
        var connection = new DuckDBConnection(connectionString);
        connection.Open();
        return connection;
    }

    public bool DatabaseExists(string name) => SchemaFor(name) != CatalogRegistry.Schema && Scalar<long>(
        "SELECT count(*) FROM duckdb_schemas() WHERE database_name = current_database() AND schema_name = $1 AND (NOT internal OR schema_name = 'main')", SchemaFor(name)) > 0;

    /// <summary>The databases, as SHOW DATABASES lists them (DuckDB's <c>main</c> as <c>default</c>), without the engine's own bookkeeping.</summary>
    public IReadOnlyList<string> Databases() => Strings(
        $"SELECT CASE schema_name WHEN {StringLiteral(DuckDbDefaultSchema)} THEN {StringLiteral(DefaultDatabase)} ELSE schema_name END FROM duckdb_schemas() " +
        $"WHERE database_name = current_database() AND (NOT internal OR schema_name = {StringLiteral(DuckDbDefaultSchema)}) AND schema_name <> {StringLiteral(CatalogRegistry.Schema)} ORDER BY 1");

    /// <summary>The tables and views of a database (Impala lists both), sorted.</summary>
    public IReadOnlyList<string> TableNames(string databaseName)
    {
        RequireDatabase(databaseName);
        return Strings(
            "SELECT name FROM (SELECT table_name AS name, schema_name FROM duckdb_tables() WHERE database_name = current_database() " +
            "UNION ALL SELECT view_name, schema_name FROM duckdb_views() WHERE database_name = current_database() AND NOT internal) WHERE schema_name = $1 ORDER BY 1",
            SchemaFor(databaseName));
    }

    /// <summary>What a resolved name is in Impala's terms: external tables are DuckDB views, but tables to Impala.</summary>
    public CatalogObjectKind KindOf(TableName resolved)
    {
        lock (ddl)
        {
            var schema = SchemaFor(resolved.Database!);
            if (Scalar<long>("SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = $1 AND table_name = $2", schema, resolved.Table) > 0)
                return CatalogObjectKind.ManagedTable;
            if (Scalar<long>("SELECT count(*) FROM duckdb_views() WHERE database_name = current_database() AND schema_name = $1 AND view_name = $2 AND NOT internal", schema, resolved.Table) == 0)
                return CatalogObjectKind.None;
            if (external.ContainsKey((resolved.Database!, resolved.Table))) return CatalogObjectKind.ExternalTable;
            return IsParquetTable(schema, resolved.Table) ? CatalogObjectKind.ManagedTable : CatalogObjectKind.View;
        }
    }

    /// <summary>A managed table that CREATE TABLE … AS SELECT stored as Parquet: a view carrying <see cref="ParquetTableWrite.Marker"/>.</summary>
    bool IsParquetTable(string schema, string table) => Scalar<long>(
        "SELECT count(*) FROM duckdb_views() WHERE database_name = current_database() AND schema_name = $1 AND view_name = $2 AND comment = $3",
        schema, table, ParquetTableWrite.Marker) > 0;

    public bool TableExists(TableName table) => Scalar<long>(
        "SELECT (SELECT count(*) FROM duckdb_tables() WHERE schema_name = $1 AND table_name = $2) + (SELECT count(*) FROM duckdb_views() WHERE schema_name = $1 AND view_name = $2 AND NOT internal)",
        SchemaFor(table.Database!), table.Table) > 0;

    public string CreateDatabase(string name, bool ifNotExists)
    {
        // Impala's rule; it also keeps every database apart from the registry's schema.
        if (!System.Text.RegularExpressions.Regex.IsMatch(name, "^[A-Za-z0-9_]+$")) throw EngineException.Analysis($"Invalid database name: {name}");
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
            // Views, managed and external tables go with it; external tables' files stay, as in Impala,
            // managed tables' files go.
            Atomically(() =>
            {
                Execute($"DROP SCHEMA {Identifier(SchemaFor(name))}{(cascade ? " CASCADE" : "")}");
                registry.RemoveDatabase(name.ToLowerInvariant());
            });
            DeleteFiles(Paths.WarehouseFolder(SchemaFor(name)));
            foreach (var key in external.Keys.Where(k => k.Db == name.ToLowerInvariant()).ToList()) external.Remove(key);
            return "Database has been dropped.";
        }
    }

    public string CreateExternalTable(CreateExternalTableStatement statement, string currentDatabase)
    {
        var name = statement.Name.Resolve(currentDatabase);
        var folder = Paths.Resolve(statement.Location);
        var table = new ExternalTable(name.Database!, name.Table, statement.Columns, statement.Location, folder) { PartitionColumns = statement.PartitionColumns ?? [] };
        lock (ddl)
        {
            RequireDatabase(name.Database!);
            if (TableExists(name))
                return statement.IfNotExists ? "Table already exists." : throw EngineException.Analysis($"Table already exists: {name}");
            Atomically(() =>
            {
                Execute(table.ViewSql());
                registry.PutExternal(table);
            });
            external[(name.Database!, name.Table)] = table;
            return "Table has been created.";
        }
    }

    /// <summary>
    /// CREATE TABLE with columns runs here (a DuckDB table, which INSERT can fill); CREATE TABLE … AS
    /// SELECT only checks the name and returns its <see cref="ParquetTableWrite"/> for the operation to run on its own connection — in the
    /// session's database (unqualified names), cancellable, and without holding the DDL lock
    /// for as long as the query takes.
    /// </summary>
    public (string? Summary, ParquetTableWrite? AsSelect, string? Target) CreateManagedTable(CreateManagedTableStatement statement, string currentDatabase)
    {
        var name = statement.Name.Resolve(currentDatabase);
        lock (ddl)
        {
            RequireDatabase(name.Database!);
            if (TableExists(name))
                return statement.IfNotExists ? ("Table already exists.", null, null) : throw EngineException.Analysis($"Table already exists: {name}");
            var target = $"{Identifier(SchemaFor(name.Database!))}.{Identifier(name.Table)}";
            if (statement.AsSelectDuckDbSql is { } select)
                return (null, new ParquetTableWrite(target, select, Paths.ManagedFolder(SchemaFor(name.Database!), name.Table)), target);
            Execute($"CREATE TABLE {target} ({string.Join(", ", statement.Columns.Select(c => $"{Identifier(c.Name)} {DuckDbTypes.For(c.Type)}"))})");
            return ("Table has been created.", null, null);
        }
    }

    public string DropTable(TableName table, bool ifExists, string currentDatabase)
    {
        var name = table.Resolve(currentDatabase);
        lock (ddl)
        {
            var kind = KindOf(name);
            if (kind == CatalogObjectKind.None)
                return ifExists ? "Table does not exist." : throw EngineException.Analysis($"Table does not exist: {name}");
            if (kind == CatalogObjectKind.View) throw EngineException.Analysis($"DROP TABLE not allowed on a view: {name}");
            // External tables keep their files, as in Impala: only the metadata goes. A managed
            // table's files go with it.
            var schema = SchemaFor(name.Database!);
            var target = $"{Identifier(schema)}.{Identifier(name.Table)}";
            var asView = kind == CatalogObjectKind.ExternalTable || IsParquetTable(schema, name.Table);
            Atomically(() =>
            {
                Execute(asView ? $"DROP VIEW {target}" : $"DROP TABLE {target}");
                registry.Remove(name);
            });
            external.Remove((name.Database!, name.Table));
            if (kind == CatalogObjectKind.ManagedTable) DeleteFiles(Paths.ManagedFolder(schema, name.Table));
            return "Table has been dropped.";
        }
    }

    public string CreateView(CreateViewStatement statement, string currentDatabase)
    {
        var name = statement.Name.Resolve(currentDatabase);
        lock (ddl)
        {
            RequireDatabase(name.Database!);
            if (KindOf(name) != CatalogObjectKind.None)
                return statement.IfNotExists ? "View already exists." : throw EngineException.Analysis($"Table already exists: {name}");
            StoreView(name, statement.Columns, statement.Query, currentDatabase, replace: false);
            return "View has been created.";
        }
    }

    /// <summary>Replaces the definition in one catalog transaction: a concurrent query binds the old view or the new one.</summary>
    public string AlterView(AlterViewStatement statement, string currentDatabase)
    {
        var name = statement.Name.Resolve(currentDatabase);
        lock (ddl)
        {
            switch (KindOf(name))
            {
                case CatalogObjectKind.None: throw EngineException.Analysis($"Table does not exist: {name}");
                case CatalogObjectKind.ManagedTable or CatalogObjectKind.ExternalTable: throw EngineException.Analysis($"ALTER VIEW not allowed on a table: {name}");
            }
            StoreView(name, statement.Columns, statement.Query, currentDatabase, replace: true);
            return "View has been altered.";
        }
    }

    public string DropView(DropViewStatement statement, string currentDatabase)
    {
        var name = statement.Name.Resolve(currentDatabase);
        lock (ddl)
        {
            switch (KindOf(name))
            {
                case CatalogObjectKind.None:
                    return statement.IfExists ? "View does not exist." : throw EngineException.Analysis($"Table does not exist: {name}");
                case CatalogObjectKind.ManagedTable or CatalogObjectKind.ExternalTable:
                    throw EngineException.Analysis($"DROP VIEW not allowed on a table: {name}");
            }
            Atomically(() =>
            {
                Execute($"DROP VIEW {Identifier(SchemaFor(name.Database!))}.{Identifier(name.Table)}");
                registry.Remove(name);
            });
            return "View has been dropped.";
        }
    }

    /// <summary>A view's column comments and original text, as the registry holds them.</summary>
    internal CatalogRegistry.View? View(TableName resolved)
    {
        lock (ddl) return registry.FindView(resolved);
    }

    void StoreView(TableName name, IReadOnlyList<ViewColumn> columns, ViewQuery query, string currentDatabase, bool replace)
    {
        var select = ViewQualifier.Qualify(database, query.DuckDbSql, SchemaFor(currentDatabase));
        var list = columns.Count == 0 ? "" : $" ({string.Join(", ", columns.Select(c => Identifier(c.Name)))})";
        Atomically(() =>
        {
            Execute($"CREATE {(replace ? "OR REPLACE " : "")}VIEW {Identifier(SchemaFor(name.Database!))}.{Identifier(name.Table)}{list} AS {select}");
            registry.PutView(name, columns, query.ImpalaSql);
        });
    }

    /// <summary>
    /// Re-reads an external table's folder, or its partitions' folders: files added or removed since
    /// CREATE become visible. With a partition, that partition must exist (Impala refuses otherwise);
    /// the view is rebuilt whole, which lists the other partitions again too.
    /// </summary>
    public void Refresh(TableName table, string currentDatabase, PartitionSpec? partition = null)
    {
        var name = table.Resolve(currentDatabase);
        lock (ddl)
        {
            if (!TableExists(name)) throw EngineException.Analysis($"Table does not exist: {name}");
            external.TryGetValue((name.Database!, name.Table), out var t);
            if (partition is not null)
            {
                if (t is null) throw EngineException.Analysis($"Table is not partitioned: {name}");
                if (t.Find(partition) is null) throw EngineException.Analysis($"Partition not found: {partition}");
            }
            if (t is not null) Execute(t.ViewSql());
        }
    }

    /// <summary>
    /// ALTER TABLE … ADD PARTITION: each partition recorded with its location (by default
    /// <c>col=value</c> under the table's), and its files listed, as Impala loads a new partition's.
    /// </summary>
    public string AddPartitions(AddPartitionsStatement statement, string currentDatabase)
    {
        var name = statement.Name.Resolve(currentDatabase);
        lock (ddl)
        {
            var table = PartitionedTable(name);
            var added = new List<TablePartition>();
            foreach (var (spec, location) in statement.Partitions)
            {
                var values = table.ValuesOf(spec);
                if (table.Find(spec) is not null || added.Any(a => a.Values.SequenceEqual(values)))
                {
                    if (statement.IfNotExists) continue;
                    throw EngineException.Analysis($"Partition already exists: {spec}");
                }
                var where = location ?? table.DefaultPartitionLocation(values);
                added.Add(new TablePartition(values, where, Paths.Resolve(where)));
            }
            if (added.Count == 0) return "No new partitions were added.";
            var changed = table with { Partitions = PartitionOrder.Sorted(table.Partitions.Concat(added)) };
            Atomically(() =>
            {
                foreach (var p in added) registry.PutPartition(changed, p);
                Execute(changed.ViewSql());
            });
            external[(name.Database!, name.Table)] = changed;
            return $"New partition{(added.Count == 1 ? " has" : "s have")} been added to the table.";
        }
    }

    /// <summary>ALTER TABLE … DROP PARTITION: the metastore forgets it; an external table's files stay, as in Impala.</summary>
    public string DropPartition(DropPartitionStatement statement, string currentDatabase)
    {
        var name = statement.Name.Resolve(currentDatabase);
        lock (ddl)
        {
            var table = PartitionedTable(name);
            if (table.Find(statement.Spec) is not { } partition)
                return statement.IfExists ? "No partitions were dropped." : throw EngineException.Analysis($"No matching partition(s) found.");
            var changed = table with { Partitions = table.Partitions.Where(p => p != partition).ToList() };
            Atomically(() =>
            {
                registry.RemovePartition(changed, partition);
                Execute(changed.ViewSql());
            });
            external[(name.Database!, name.Table)] = changed;
            return "Dropped 1 partition(s).";
        }
    }

    /// <summary>A partitioned external table, or Impala's error for anything else.</summary>
    ExternalTable PartitionedTable(TableName name)
    {
        switch (KindOf(name))
        {
            case CatalogObjectKind.None: throw EngineException.Analysis($"Table does not exist: {name}");
            case CatalogObjectKind.View: throw EngineException.Analysis($"ALTER TABLE not allowed on a view: {name}");
        }
        return external.TryGetValue((name.Database!, name.Table), out var t) && t.IsPartitioned
            ? t : throw EngineException.Analysis($"Table is not partitioned: {name}");
    }

    /// <summary>SHOW PARTITIONS: the partitioned external table of that name, as the metastore knows it now.</summary>
    public ExternalTable Partitioned(TableName table, string currentDatabase)
    {
        var name = table.Resolve(currentDatabase);
        lock (ddl)
        {
            if (KindOf(name) == CatalogObjectKind.View) throw EngineException.Analysis($"SHOW PARTITIONS not applicable to a view: {name}");
            return PartitionedTable(name);
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
            foreach (var t in external.Values) Execute(t.ViewSql());
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

    /// <summary>DDL and its registry entry commit together or not at all (a crash between them leaves neither).</summary>
    void Atomically(Action work)
    {
        Execute("BEGIN TRANSACTION");
        try
        {
            work();
            Execute("COMMIT");
        }
        catch
        {
            try { Execute("ROLLBACK"); }
            catch (DuckDBException) { } // DuckDB may already have ended the failed transaction
            throw;
        }
    }

    /// <summary>
    /// Removes a dropped table's or database's files. The metastore already forgot them, so a failure
    /// here (a file still open elsewhere) leaves only unreferenced files behind, never a table without its data.
    /// </summary>
    static void DeleteFiles(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    IReadOnlyList<string> Strings(string sql, params object[] parameters)
    {
        lock (ddl)
        {
            using var command = database.CreateCommand();
            command.CommandText = sql;
            foreach (var p in parameters) command.Parameters.Add(new DuckDBParameter(p));
            using var reader = command.ExecuteReader();
            var values = new List<string>();
            while (reader.Read()) values.Add(reader.GetString(0));
            return values;
        }
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

    /// <summary>Closes the database (DuckDB checkpoints the file once the last connection is gone) and frees the root.</summary>
    public void Dispose()
    {
        database.Dispose();
        rootLock.Dispose();
    }
}

public enum CatalogObjectKind { None, ManagedTable, ExternalTable, View }
