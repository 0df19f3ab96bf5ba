using System.Text.Json.Nodes;
using BrightFunnel.Warehouse.Impala.Engine.Hs2;
using BrightFunnel.Warehouse.Impala.Engine.Sql;
using DuckDB.NET.Data;

namespace BrightFunnel.Warehouse.Impala.Engine.Catalog;

/// <summary>
/// Impala resolves the unqualified table names of a view against the session's current database
/// when the view is created; DuckDB resolves them each time the view is queried, against the
/// view's own schema first. So before a view is stored, every unqualified table reference that is
/// not a CTE gets the creating session's schema. DuckDB's own parser finds them
/// (<c>json_serialize_sql</c>): a token scan would mistake <c>extract(year FROM d)</c> for a table.
/// </summary>
static class ViewQualifier
{
    public static string Qualify(DuckDBConnection connection, string duckDbSql, string schema)
    {
        var tree = JsonNode.Parse(Scalar(connection, $"SELECT json_serialize_sql({ImpalaSqlTranslator.StringLiteral(duckDbSql)})"))!;
        if (tree["error"]?.GetValue<bool>() == true)
            throw EngineException.Analysis(tree["error_message"]?.GetValue<string>() ?? "the view's query cannot be read");
        var ctes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        CollectCteNames(tree, ctes);
        // Text that needs nothing keeps the form it was written in.
        return QualifyTables(tree, schema, ctes) ? Scalar(connection, $"SELECT json_deserialize_sql(CAST({ImpalaSqlTranslator.StringLiteral(tree.ToJsonString())} AS JSON))") : duckDbSql;
    }

    static void CollectCteNames(JsonNode? node, HashSet<string> names)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["cte_map"]?["map"] is JsonArray map)
                    foreach (var entry in map)
                        if (entry?["key"]?.GetValue<string>() is { } key) names.Add(key);
                foreach (var (_, child) in o) CollectCteNames(child, names);
                break;
            case JsonArray a:
                foreach (var child in a) CollectCteNames(child, names);
                break;
        }
    }

    /// <summary>True when some reference was qualified.</summary>
    static bool QualifyTables(JsonNode? node, string schema, HashSet<string> ctes)
    {
        var changed = false;
        switch (node)
        {
            case JsonObject o:
                if (o["type"] is JsonValue type && type.TryGetValue<string>(out var kind) && kind == "BASE_TABLE"
                    && o["schema_name"]?.GetValue<string>() is "" && o["catalog_name"]?.GetValue<string>() is "" or null
                    && o["table_name"]?.GetValue<string>() is { } table && !ctes.Contains(table))
                {
                    o["schema_name"] = schema;
                    changed = true;
                }
                foreach (var (_, child) in o.ToList()) changed |= QualifyTables(child, schema, ctes);
                break;
            case JsonArray a:
                foreach (var child in a) changed |= QualifyTables(child, schema, ctes);
                break;
        }
        return changed;
    }

    /// <remarks>The SQL travels as a literal: json_serialize_sql refuses a parameter.</remarks>
    static string Scalar(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (string)command.ExecuteScalar()!;
    }
}
