using BrightFunnel.Warehouse.Impala.Engine.Hs2;

namespace BrightFunnel.Warehouse.Impala.Engine.Catalog;

/// <summary>
/// The engine's root folder stands in for HDFS: a LOCATION such as <c>/user/bfw/staging/t1</c> or
/// <c>hdfs://namenode:8020/user/bfw/staging/t1</c> is that path under the root. Nothing may
/// resolve outside it.
/// </summary>
public sealed class RootPaths(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>The engine's own catalog: hidden, so staging folders and data file listings never meet it.</summary>
    public string CatalogFolder => Path.Combine(Root, EngineCatalog.CatalogFolderName);

    /// <summary>Where a database's managed tables keep their files (Impala's warehouse directory, inside the hidden catalog).</summary>
    public string WarehouseFolder(string schema) => Path.Combine(CatalogFolder, "warehouse", FolderName(schema));

    /// <summary>The folder of one managed table's files.</summary>
    public string ManagedFolder(string schema, string table) => Path.Combine(WarehouseFolder(schema), FolderName(table));

    /// <summary>A name as a folder: itself when it is a plain identifier, else its UTF-8 bytes in hex (never a path).</summary>
    static string FolderName(string name) =>
        System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-z0-9_]+$") ? name : "x" + Convert.ToHexStringLower(System.Text.Encoding.UTF8.GetBytes(name));

    public string Resolve(string location)
    {
        var path = location.Trim();
        if (Uri.TryCreate(path, UriKind.Absolute, out var uri) && uri.Scheme is not "file" && path.Contains("://", StringComparison.Ordinal))
            path = Uri.UnescapeDataString(uri.AbsolutePath);
        else if (path.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
            path = path["file://".Length..];
        var full = Path.GetFullPath(Path.Combine(Root, path.TrimStart('/')));
        if (full != Root && !full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw EngineException.Analysis($"location '{location}' is outside the engine root");
        if (full == CatalogFolder || full.StartsWith(CatalogFolder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw EngineException.Analysis($"location '{location}' is the engine's own catalog");
        return full;
    }

    /// <summary>The data files of a table folder, as Impala sees them: hidden files (<c>.x</c>, <c>_x</c>) skipped.</summary>
    public static IReadOnlyList<string> DataFiles(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder)
                .Where(f => Path.GetFileName(f) is var n && !n.StartsWith('.') && !n.StartsWith('_'))
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];
}
