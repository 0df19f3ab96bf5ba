using BrightFunnel.Warehouse.Impala.Types;

namespace BrightFunnel.Warehouse.Impala.Staging;

/// <summary>
/// The Impala statements the offload sends around staged data, spelled for both a real cluster
/// and the local engine. Identifiers are backtick-quoted; a location is a single-quoted string.
/// </summary>
public static class ImpalaDdl
{
    public static string Quote(string identifier)
    {
        if (identifier.Length == 0 || identifier.Contains('`')) throw new ArgumentException($"not a usable Impala identifier: '{identifier}'");
        return $"`{identifier}`";
    }

    public static string Literal(string value) => "'" + value.Replace("\\", "\\\\").Replace("'", "\\'") + "'";

    public static string Qualified(string database, string table) => $"{Quote(database)}.{Quote(table)}";

    public static string CreateDatabase(string database) => $"CREATE DATABASE IF NOT EXISTS {Quote(database)}";

    public static string CreateExternalTable(string database, string table, IEnumerable<StagedColumn> columns, string location) =>
        $"CREATE EXTERNAL TABLE IF NOT EXISTS {Qualified(database, table)} (\n  "
        + string.Join(",\n  ", columns.Select(c => $"{Quote(c.Name)} {TypeName(c.Type)}"))
        + $"\n) STORED AS PARQUET LOCATION {Literal(location)}";

    /// <summary>An external Parquet table partitioned by string columns (the event lake's <c>day</c>); each partition a folder <c>col=value</c> under the location.</summary>
    public static string CreatePartitionedExternalTable(string database, string table, IEnumerable<StagedColumn> columns, IEnumerable<string> partitionColumns, string location) =>
        $"CREATE EXTERNAL TABLE IF NOT EXISTS {Qualified(database, table)} (\n  "
        + string.Join(",\n  ", columns.Select(c => $"{Quote(c.Name)} {TypeName(c.Type)}"))
        + $"\n) PARTITIONED BY ({string.Join(", ", partitionColumns.Select(c => $"{Quote(c)} STRING"))}) STORED AS PARQUET LOCATION {Literal(location)}";

    /// <summary>
    /// Registers a partition of one string partition column; an existing one is left as it is.
    /// </summary>
    public static string AddPartition(string database, string table, string column, string value) => AddPartitions(database, table, column, [value]);

    /// <summary>
    /// Registers several partitions in one statement, as Impala's grammar has it (<c>ALTER TABLE t ADD
    /// [IF NOT EXISTS] partition_def_list</c>, <c>partition_def+</c>): a backfill of three years of days is
    /// one metastore call, not a thousand. dt-sql-parser's grammar takes only one; Impala's own takes the list.
    /// </summary>
    public static string AddPartitions(string database, string table, string column, IEnumerable<string> values) =>
        $"ALTER TABLE {Qualified(database, table)} ADD IF NOT EXISTS "
        + string.Join(" ", values.Select(v => $"PARTITION ({Quote(column)}={Literal(v)})"));

    public static string Refresh(string database, string table) => $"REFRESH {Qualified(database, table)}";

    /// <summary>Lists one partition's files again: cheaper on a cluster than the whole table's.</summary>
    public static string RefreshPartition(string database, string table, string column, string value) =>
        $"REFRESH {Qualified(database, table)} PARTITION ({Quote(column)}={Literal(value)})";

    public static string ComputeStats(string database, string table) => $"COMPUTE STATS {Qualified(database, table)}";

    public static string DropTable(string database, string table) => $"DROP TABLE IF EXISTS {Qualified(database, table)}";

    /// <summary>Drops a database with every table in it (a run's scratch database).</summary>
    public static string DropDatabase(string database) => $"DROP DATABASE IF EXISTS {Quote(database)} CASCADE";

    /// <summary>CHAR/VARCHAR are staged as STRING: Parquet has no fixed-length text.</summary>
    static string TypeName(ImpalaType type) => type.Kind is ImpalaTypeKind.Char or ImpalaTypeKind.Varchar ? "STRING" : type.Name;
}
