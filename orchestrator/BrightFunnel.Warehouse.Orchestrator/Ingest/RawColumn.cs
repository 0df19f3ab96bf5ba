using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Ingest;

public enum RawType { SalesforceId, Text, DateTime, Date, Decimal, Integer, Boolean }

/// <summary>A typed column of a raw table, as the migration defined it.</summary>
public sealed record RawColumn(string Name, RawType Type, int MaxLength, int Precision, int Scale);

/// <summary>
/// The typed columns of a raw table, read from <c>information_schema</c>: the schema scripts
/// in <c>sql/tenant/</c> are the one definition of what is typed; everything else goes to <c>extra</c>.
/// </summary>
public static class RawTableSchema
{
    public const string Extra = "extra";
    static readonly HashSet<string> Bookkeeping = [Extra, "_source_file", "_loaded_at"];

    public static IReadOnlyList<RawColumn> Read(MySqlConnection connection, string table) =>
        connection.Query<(string name, string dataType, string columnType, long? maxLength, long? precision, long? scale)>(
                """
                SELECT column_name, data_type, column_type, character_maximum_length, numeric_precision, numeric_scale
                FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = @table ORDER BY ordinal_position
                """, new { table })
            .Where(c => !Bookkeeping.Contains(c.name))
            .Select(c => new RawColumn(c.name, TypeOf(c.name, c.dataType, c.columnType), (int)(c.maxLength ?? 0), (int)(c.precision ?? 0), (int)(c.scale ?? 0)))
            .ToList() is { Count: > 0 } columns
            ? columns
            : throw new InvalidOperationException($"raw table {table} not found: is the tenant database migrated?");

    static RawType TypeOf(string name, string dataType, string columnType) => dataType.ToLowerInvariant() switch
    {
        "char" when columnType.Equals("char(18)", StringComparison.OrdinalIgnoreCase) && (name == "Id" || name.EndsWith("Id", StringComparison.Ordinal)) => RawType.SalesforceId,
        "datetime" or "timestamp" => RawType.DateTime,
        "date" => RawType.Date,
        "decimal" => RawType.Decimal,
        "tinyint" when columnType.Equals("tinyint(1)", StringComparison.OrdinalIgnoreCase) => RawType.Boolean,
        "int" or "bigint" or "smallint" or "tinyint" => RawType.Integer,
        _ => RawType.Text,
    };
}
