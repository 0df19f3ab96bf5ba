using BrightFunnel.Warehouse.Impala.Engine.Sql;
using static BrightFunnel.Warehouse.Impala.Engine.Sql.ImpalaSqlTranslator;

namespace BrightFunnel.Warehouse.Impala.Engine.Catalog;

/// <summary>
/// An external Parquet table: its declared columns and its folder. In DuckDB it is a view that
/// reads the folder's files as they were at CREATE / REFRESH time — Impala's own metadata
/// caching — and casts every column to its declared type.
/// </summary>
public sealed record ExternalTable(string Database, string Name, IReadOnlyList<ColumnDefinition> Columns, string Location, string Folder)
{
    public string QualifiedView => $"{Identifier(SchemaFor(Database))}.{Identifier(Name)}";

    public string ViewSql(IReadOnlyList<string> files)
    {
        if (files.Count == 0)
        {
            // An empty folder is an empty table in Impala; read_parquet would refuse it.
            var nulls = string.Join(", ", Columns.Select(c => $"CAST(NULL AS {DuckDbTypes.For(c.Type)}) AS {Identifier(c.Name)}"));
            return $"CREATE OR REPLACE VIEW {QualifiedView} AS SELECT {nulls} WHERE false";
        }
        var list = string.Join(", ", files.Select(StringLiteral));
        var columns = string.Join(", ", Columns.Select(c => $"CAST({Identifier(c.Name)} AS {DuckDbTypes.For(c.Type)}) AS {Identifier(c.Name)}"));
        return $"CREATE OR REPLACE VIEW {QualifiedView} AS SELECT {columns} FROM read_parquet([{list}], union_by_name = true)";
    }
}
