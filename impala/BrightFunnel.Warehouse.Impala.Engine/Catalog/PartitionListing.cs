using System.Globalization;
using static BrightFunnel.Warehouse.Impala.Engine.Sql.ImpalaSqlTranslator;

namespace BrightFunnel.Warehouse.Impala.Engine.Catalog;

/// <summary>
/// SHOW PARTITIONS as Impala answers it for an HDFS table: one row per partition (its values,
/// #Rows = -1 without COMPUTE STATS, #Files, Size, caching, format, incremental stats, location),
/// then a Total row. Files and sizes are what the partition's folder holds now.
/// </summary>
static class PartitionListing
{
    public static string Query(ExternalTable table)
    {
        var names = table.PartitionColumns.Select(c => c.Name)
            .Concat(["#Rows", "#Files", "Size", "Bytes Cached", "Cache Replication", "Format", "Incremental stats", "Location"]).ToList();
        var rows = new List<string>();
        long totalFiles = 0, totalBytes = 0;
        foreach (var p in table.Partitions)
        {
            var files = RootPaths.DataFiles(p.Folder);
            var bytes = files.Sum(f => new FileInfo(f).Length);
            totalFiles += files.Count;
            totalBytes += bytes;
            rows.Add(Row(p.Values, files.Count, bytes, "PARQUET", "false", p.Location));
        }
        var totalKeys = table.PartitionColumns.Select((_, i) => i == 0 ? "Total" : "").ToList();
        rows.Add(Row(totalKeys, totalFiles, totalBytes, "", "", ""));
        var select = string.Join(", ", names.Select((n, i) => $"col{i} AS {Identifier(n)}"));
        return $"SELECT {select} FROM (VALUES {string.Join(", ", rows)})";
    }

    static string Row(IReadOnlyList<string> keys, long files, long bytes, string format, string incremental, string location) =>
        "(" + string.Join(", ", keys.Select(StringLiteral)
            .Concat(["CAST(-1 AS BIGINT)", $"CAST({files} AS BIGINT)", StringLiteral(Bytes(bytes)), StringLiteral("NOT CACHED"), StringLiteral("NOT CACHED"),
                StringLiteral(format), StringLiteral(incremental), StringLiteral(location)])) + ")";

    /// <summary>Impala's human-readable size: <c>0B</c>, <c>812B</c>, <c>1.50KB</c>, <c>2.25MB</c>.</summary>
    public static string Bytes(long bytes)
    {
        string[] units = ["KB", "MB", "GB", "TB", "PB"];
        if (bytes < 1024) return $"{bytes}B";
        double value = bytes;
        var unit = -1;
        while (value >= 1024 && unit < units.Length - 1) { value /= 1024; unit++; }
        return value.ToString("0.00", CultureInfo.InvariantCulture) + units[unit];
    }
}
