using BrightFunnel.Warehouse.Impala.Engine.Sql;
using static BrightFunnel.Warehouse.Impala.Engine.Sql.ImpalaSqlTranslator;

namespace BrightFunnel.Warehouse.Impala.Engine.Catalog;

/// <summary>
/// An external Parquet table: its declared columns and its folder, and when it is partitioned its
/// partition columns and partitions (each with a folder of its own). In DuckDB it is a view that
/// reads the files as they were at CREATE / ADD PARTITION / REFRESH time — Impala's own metadata
/// caching — and casts every column to its declared type; a partition column is a constant per
/// partition, as Impala reads it from the metastore rather than from the files.
/// </summary>
public sealed record ExternalTable(string Database, string Name, IReadOnlyList<ColumnDefinition> Columns, string Location, string Folder)
{
    public IReadOnlyList<ColumnDefinition> PartitionColumns { get; init; } = [];

    /// <summary>The partitions in the metastore, sorted by their values; files are listed when the view is built.</summary>
    public IReadOnlyList<TablePartition> Partitions { get; init; } = [];

    public bool IsPartitioned => PartitionColumns.Count > 0;

    public string QualifiedView => $"{Identifier(SchemaFor(Database))}.{Identifier(Name)}";

    /// <summary>Every column a query sees: the declared ones, then the partition columns (Impala's order).</summary>
    public IEnumerable<ColumnDefinition> AllColumns => Columns.Concat(PartitionColumns);

    /// <summary>The view over the files as they are now: the folder's, or each partition's.</summary>
    public string ViewSql()
    {
        var columns = string.Join(", ", Columns.Select(c => $"CAST({Identifier(c.Name)} AS {DuckDbTypes.For(c.Type)}) AS {Identifier(c.Name)}"));
        var branches = (IsPartitioned
            ? Partitions.Select(p => (Files: RootPaths.DataFiles(p.Folder), Constants: PartitionConstants(p)))
            : new[] { (Files: RootPaths.DataFiles(Folder), Constants: "") }).Where(b => b.Files.Count > 0).ToList();
        if (branches.Count == 0)
        {
            // An empty folder (or no partition with files) is an empty table in Impala; read_parquet would refuse it.
            var nulls = string.Join(", ", AllColumns.Select(c => $"CAST(NULL AS {DuckDbTypes.For(c.Type)}) AS {Identifier(c.Name)}"));
            return $"CREATE OR REPLACE VIEW {QualifiedView} AS SELECT {nulls} WHERE false";
        }
        if (IsPartitioned && Partitions.All(InDefaultFolder))
        {
            // Every partition in its col=value folder: one scan of every file, the partition values
            // read from the paths. A union of one scan per partition made a 3-year lake a 1,000-way
            // UNION ALL that DuckDB bound and ran one branch at a time (minutes for 3M events).
            var partitionColumns = string.Concat(PartitionColumns.Select(c => $", CAST({Identifier(c.Name)} AS {DuckDbTypes.For(c.Type)}) AS {Identifier(c.Name)}"));
            var files = branches.SelectMany(b => b.Files).Select(StringLiteral);
            return $"CREATE OR REPLACE VIEW {QualifiedView} AS SELECT {columns}{partitionColumns} " +
                   $"FROM read_parquet([{string.Join(", ", files)}], hive_partitioning = true, hive_types_autocast = false)";
        }
        var selects = branches.Select(b =>
            $"SELECT {columns}{b.Constants} FROM read_parquet([{string.Join(", ", b.Files.Select(StringLiteral))}], union_by_name = true)");
        return $"CREATE OR REPLACE VIEW {QualifiedView} AS {string.Join(" UNION ALL ", selects)}";
    }

    /// <summary>The partition matching <paramref name="spec"/> (every partition column named once), or null.</summary>
    public TablePartition? Find(PartitionSpec spec) => Partitions.FirstOrDefault(p => p.Values.SequenceEqual(ValuesOf(spec)));

    /// <summary>A spec's values in partition-column order; refuses a spec that does not name each partition column exactly once.</summary>
    public IReadOnlyList<string> ValuesOf(PartitionSpec spec)
    {
        if (!IsPartitioned) throw Hs2.EngineException.Analysis($"Table is not partitioned: {Database}.{Name}");
        foreach (var (column, _) in spec.Values)
            if (PartitionColumns.All(p => p.Name != column))
                throw Hs2.EngineException.Analysis($"Partition column {column} not found in table: {Database}.{Name}");
        if (spec.Values.Count != PartitionColumns.Count || spec.Values.Select(v => v.Column).Distinct().Count() != spec.Values.Count)
            throw Hs2.EngineException.Analysis($"Items in partition spec must exactly match the partition columns in the table definition: {Database}.{Name} ({spec.Values.Count} vs {PartitionColumns.Count})");
        return PartitionColumns.Select(p => spec.Values.First(v => v.Column == p.Name).Value).ToList();
    }

    /// <summary>The partition lives where Impala places a new one, so its path carries its values.</summary>
    bool InDefaultFolder(TablePartition p) =>
        string.Equals(p.Location.TrimEnd('/'), DefaultPartitionLocation(p.Values), StringComparison.Ordinal);

    /// <summary>A new partition's default folder, as Impala places it: <c>col=value/…</c> under the table's location.</summary>
    public string DefaultPartitionLocation(IReadOnlyList<string> values) =>
        Location.TrimEnd('/') + "/" + string.Join("/", PartitionColumns.Select((c, i) => $"{c.Name}={values[i]}"));

    string PartitionConstants(TablePartition p) => string.Concat(PartitionColumns.Select((c, i) =>
        $", CAST({StringLiteral(p.Values[i])} AS {DuckDbTypes.For(c.Type)}) AS {Identifier(c.Name)}"));
}

/// <summary>One partition of an external table: its values (in partition-column order), its LOCATION and the folder it resolves to.</summary>
public sealed record TablePartition(IReadOnlyList<string> Values, string Location, string Folder);

/// <summary>Partitions in the order SHOW PARTITIONS lists them: by their values, column by column.</summary>
static class PartitionOrder
{
    public static List<TablePartition> Sorted(IEnumerable<TablePartition> partitions) =>
        partitions.Order(Comparer<TablePartition>.Create((a, b) =>
        {
            for (var i = 0; i < a.Values.Count; i++)
                if (string.CompareOrdinal(a.Values[i], b.Values[i]) is var c and not 0) return c;
            return 0;
        })).ToList();
}
