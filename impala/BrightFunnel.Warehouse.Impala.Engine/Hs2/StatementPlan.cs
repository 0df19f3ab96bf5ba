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
    /// <summary>A CREATE TABLE … AS SELECT's rows to write before the result query runs, or null.</summary>
    public ParquetTableWrite? Write { get; init; }

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
        RefreshStatement r => Do(() => catalog.Refresh(r.Name, session.Database, r.Partition)),
        AddPartitionsStatement a => Summary(catalog.AddPartitions(a, session.Database)),
        DropPartitionStatement d => Summary(catalog.DropPartition(d, session.Database)),
        ShowPartitionsStatement p => new(null, PartitionListing.Query(catalog.Partitioned(p.Name, session.Database))),
        InvalidateMetadataStatement i => Do(() => catalog.InvalidateMetadata(i.Name, session.Database)),
        ComputeStatsStatement c => Summary(catalog.ComputeStats(c.Name, session.Database)),
        UseStatement u => Do(() => session.Use(u.Database, catalog)),
        SetStatement { Key: null } => new(null, OptionsQuery(session)),
        SetStatement s => Do(() => session.SetOption(s.Key!, s.Value ?? "")),
        ShowDatabasesStatement => new(null, Rows(catalog.Databases().Select(d => new[] { d, "" }), "name", "comment")),
        ShowTablesStatement t => new(null, Rows(
            catalog.TableNames(t.Database ?? session.Database).Where(ImpalaPattern.Matcher(t.Pattern)).Select(n => new[] { n }), "name")),
        DescribeStatement d => new(null, Rows(
            TableDescription.Rows(d.Name.Resolve(session.Database), d.Formatted, catalog).Select(r => new[] { r.Name, r.Type, r.Comment }), "name", "type", "comment")),
        CreateViewStatement v => Summary(catalog.CreateView(v, session.Database)),
        AlterViewStatement v => Summary(catalog.AlterView(v, session.Database)),
        DropViewStatement v => Summary(catalog.DropView(v, session.Database)),
        _ => throw new EngineException($"statement not supported by the local engine: {statement.GetType().Name}"),
    };

    static StatementPlan Summary(string message) => new(null, $"SELECT {StringLiteral(message)} AS summary");

    static StatementPlan CreateManagedTable(CreateManagedTableStatement c, EngineSession session, EngineCatalog catalog)
    {
        var (summary, write, target) = catalog.CreateManagedTable(c, session.Database);
        return write is null ? Summary(summary!) : new(null, $"SELECT 'Inserted ' || count(*) || ' row(s)' AS summary FROM {target}") { Write = write };
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

    /// <summary>A result of string columns computed by the catalog (NULL cells allowed).</summary>
    static string Rows(IEnumerable<string?[]> rows, params string[] columns)
    {
        var values = rows.Select(r => $"({string.Join(", ", r.Select(v => v is null ? "NULL::VARCHAR" : StringLiteral(v)))})").ToList();
        if (values.Count == 0)
            return $"SELECT {string.Join(", ", columns.Select(c => $"NULL::VARCHAR AS {Identifier(c)}"))} WHERE false";
        return $"SELECT * FROM (VALUES {string.Join(", ", values)}) AS t({string.Join(", ", columns.Select(Identifier))})";
    }
}
