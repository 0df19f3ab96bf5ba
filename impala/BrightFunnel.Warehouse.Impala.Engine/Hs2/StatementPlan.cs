using BrightFunnel.Warehouse.Impala.Engine.Catalog;
using BrightFunnel.Warehouse.Impala.Engine.Sql;
using static BrightFunnel.Warehouse.Impala.Engine.Sql.ImpalaSqlTranslator;

namespace BrightFunnel.Warehouse.Impala.Engine.Hs2;

/// <summary>
/// What a statement leaves to DuckDB once its catalog work is done: a command to run and/or a
/// query whose rows are the statement's result (DDL answers with Impala's one-row "summary").
/// </summary>
sealed record StatementPlan(string? Command, string? ResultQuery)
{
    static readonly StatementPlan Nothing = new(null, null);

    /// <summary>Performs the statement's catalog side effects (DDL, USE, SET) and returns the rest.</summary>
    public static StatementPlan For(ImpalaStatement statement, EngineSession session, EngineCatalog catalog) => statement switch
    {
        QueryStatement q => q.ReturnsRows ? new(null, q.DuckDbSql) : new(q.DuckDbSql, null),
        CreateExternalTableStatement c => Summary(catalog.CreateExternalTable(c, session.Database)),
        CreateManagedTableStatement c => CreateManagedTable(c, session, catalog),
        DropTableStatement d => Summary(catalog.DropTable(d.Name, d.IfExists, session.Database)),
        CreateDatabaseStatement c => Summary(catalog.CreateDatabase(c.Name, c.IfNotExists)),
        DropDatabaseStatement d => DropDatabase(d, session, catalog),
        RefreshStatement r => Do(() => catalog.Refresh(r.Name, session.Database)),
        InvalidateMetadataStatement i => Do(() => catalog.InvalidateMetadata(i.Name, session.Database)),
        ComputeStatsStatement c => Summary(catalog.ComputeStats(c.Name, session.Database)),
        UseStatement u => Do(() => session.Use(u.Database, catalog)),
        SetStatement { Key: null } => new(null, OptionsQuery(session)),
        SetStatement s => Do(() => session.SetOption(s.Key!, s.Value ?? "")),
        ShowDatabasesStatement => new(null,
            $"SELECT CASE schema_name WHEN {StringLiteral(DuckDbDefaultSchema)} THEN {StringLiteral(DefaultDatabase)} ELSE schema_name END AS name, '' AS comment " +
            $"FROM duckdb_schemas() WHERE database_name = current_database() AND (NOT internal OR schema_name = {StringLiteral(DuckDbDefaultSchema)}) ORDER BY 1"),
        ShowTablesStatement t => new(null,
            $"SELECT name FROM (SELECT table_name AS name, schema_name FROM duckdb_tables() UNION ALL SELECT view_name, schema_name FROM duckdb_views() WHERE NOT internal) " +
            $"WHERE schema_name = {StringLiteral(SchemaFor(t.Database ?? session.Database))} ORDER BY 1"),
        DescribeStatement d => new(null, Describe(d.Name.Resolve(session.Database), catalog)),
        _ => throw new EngineException($"statement not supported by the local engine: {statement.GetType().Name}"),
    };

    static StatementPlan Summary(string message) => new(null, $"SELECT {StringLiteral(message)} AS summary");

    static StatementPlan CreateManagedTable(CreateManagedTableStatement c, EngineSession session, EngineCatalog catalog)
    {
        var (summary, command, target) = catalog.CreateManagedTable(c, session.Database);
        return command is null ? Summary(summary!) : new(command, $"SELECT 'Inserted ' || count(*) || ' row(s)' AS summary FROM {target}");
    }

    static StatementPlan Do(Action action)
    {
        action();
        return Nothing;
    }

    static StatementPlan DropDatabase(DropDatabaseStatement d, EngineSession session, EngineCatalog catalog)
    {
        var summary = catalog.DropDatabase(d.Name, d.IfExists, d.Cascade);
        if (string.Equals(session.Database, d.Name, StringComparison.OrdinalIgnoreCase)) session.Use(DefaultDatabase, catalog);
        return Summary(summary);
    }

    static string OptionsQuery(EngineSession session)
    {
        var options = session.Options.OrderBy(o => o.Key, StringComparer.Ordinal).ToList();
        if (options.Count == 0) return "SELECT NULL::VARCHAR AS option, NULL::VARCHAR AS value, NULL::VARCHAR AS level WHERE false";
        var rows = string.Join(", ", options.Select(o => $"({StringLiteral(o.Key)}, {StringLiteral(o.Value)}, 'REGULAR')"));
        return $"SELECT * FROM (VALUES {rows}) AS t(option, value, level)";
    }

    /// <summary>Impala's DESCRIBE: name, type (Impala's spelling, lower case), comment.</summary>
    static string Describe(TableName table, EngineCatalog catalog)
    {
        if (!catalog.TableExists(table)) throw EngineException.Analysis($"Could not resolve path: '{table}'");
        var columns = catalog.External(table) is { } ext
            ? ext.Columns.Select(c => (c.Name, Type: c.Type.Name, Comment: c.Comment ?? "")).ToList()
            : catalog.Columns(table).Select(c => (c.Name, Type: DuckDbResultTypes.ToImpala(c.DuckDbType).Name, Comment: "")).ToList();
        var rows = string.Join(", ", columns.Select(c => $"({StringLiteral(c.Name)}, {StringLiteral(c.Type.ToLowerInvariant())}, {StringLiteral(c.Comment)})"));
        return $"SELECT * FROM (VALUES {rows}) AS t(name, type, comment)";
    }
}
