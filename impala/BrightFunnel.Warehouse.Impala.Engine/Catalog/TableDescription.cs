using BrightFunnel.Warehouse.Impala.Engine.Hs2;
using BrightFunnel.Warehouse.Impala.Engine.Sql;

namespace BrightFunnel.Warehouse.Impala.Engine.Catalog;

/// <summary>
/// Impala's DESCRIBE rows (name, type, comment) for a table or a view: types in Impala's spelling,
/// lower case. The FORMATTED form frames them as Impala does and adds the detailed information
/// (database, table type, location, a view's text); its spacer cells are NULL as in Impala.
/// </summary>
static class TableDescription
{
    public static IReadOnlyList<(string Name, string? Type, string? Comment)> Rows(TableName table, bool formatted, EngineCatalog catalog)
    {
        var kind = catalog.KindOf(table);
        if (kind == CatalogObjectKind.None) throw EngineException.Analysis($"Could not resolve path: '{table}'");
        var view = kind == CatalogObjectKind.View ? catalog.View(table) : null;
        var columns = catalog.External(table) is { } ext
            ? ext.AllColumns.Select(c => (c.Name, Type: (string?)c.Type.Name.ToLowerInvariant(), Comment: (string?)(c.Comment ?? ""))).ToList()
            : catalog.Columns(table).Select((c, i) => (c.Name, Type: (string?)DuckDbResultTypes.ToImpala(c.DuckDbType).Name.ToLowerInvariant(),
                Comment: (string?)(view is not null && i < view.Columns.Count ? view.Columns[i].Comment ?? "" : ""))).ToList();
        if (!formatted) return columns;

        var rows = new List<(string, string?, string?)> { ("# col_name", "data_type", "comment"), ("", null, null) };
        var partitionColumns = catalog.External(table)?.PartitionColumns.Count ?? 0;
        rows.AddRange(columns.Take(columns.Count - partitionColumns));
        if (catalog.External(table) is { IsPartitioned: true } partitioned)
        {
            // DESCRIBE lists partition columns among the columns; the formatted form under their own heading.
            rows.Add(("", null, null));
            rows.Add(("# Partition Information", null, null));
            rows.Add(("# col_name", "data_type", "comment"));
            rows.Add(("", null, null));
            rows.AddRange(partitioned.PartitionColumns.Select(c => (c.Name, (string?)c.Type.Name.ToLowerInvariant(), (string?)(c.Comment ?? ""))));
        }
        rows.Add(("", null, null));
        rows.Add(("# Detailed Table Information", null, null));
        rows.Add(("Database:", table.Database, null));
        rows.Add(("Table Type:", kind switch
        {
            CatalogObjectKind.ExternalTable => "EXTERNAL_TABLE",
            CatalogObjectKind.View => "VIRTUAL_VIEW",
            _ => "MANAGED_TABLE",
        }, null));
        if (catalog.External(table) is { } e) rows.Add(("Location:", e.Location, null));
        if (view is not null)
        {
            rows.Add(("", null, null));
            rows.Add(("# View Information", null, null));
            rows.Add(("View Original Text:", view.OriginalText, null));
        }
        return rows;
    }
}
