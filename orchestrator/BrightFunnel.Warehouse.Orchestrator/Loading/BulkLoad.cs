using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Loading;

/// <summary>
/// LOAD DATA LOCAL in MySQL's default text format (tab, newline, backslash escapes, <c>\N</c>,
/// as <see cref="LoadDataTextWriter"/> writes it): the one bulk statement into MySQL, from a file
/// (<see cref="TsvFileWriter"/>) or a stream (<see cref="Hs2BatchTextWriter"/>).
/// </summary>
public static class BulkLoad
{
    /// <summary>Loads <paramref name="path"/> into <paramref name="quotedTable"/>; returns rows loaded (0 for an empty file).</summary>
    /// <param name="expressions">SET clauses evaluated per row, e.g. <c>`_loaded_at` = UTC_TIMESTAMP(6)</c>.</param>
    public static int FromTsv(MySqlConnection connection, string quotedTable, IEnumerable<string> quotedColumns, string path,
        params string[] expressions)
    {
        if (new FileInfo(path).Length == 0) return 0;
        var loader = Loader(connection, quotedTable, quotedColumns, expressions);
        loader.FileName = path;
        return loader.Load();
    }

    /// <summary>Loads the text of <paramref name="text"/> (read to its end); returns rows loaded.</summary>
    public static int FromStream(MySqlConnection connection, string quotedTable, IEnumerable<string> quotedColumns, Stream text,
        params string[] expressions) =>
        Loader(connection, quotedTable, quotedColumns, expressions).Load(text);

    static MySqlBulkLoader Loader(MySqlConnection connection, string quotedTable, IEnumerable<string> quotedColumns, string[] expressions)
    {
        var loader = new MySqlBulkLoader(connection)
        {
            TableName = quotedTable,
            Local = true,
            FieldTerminator = "\t",
            LineTerminator = "\n",
            EscapeCharacter = '\\',
            CharacterSet = "utf8mb4",
            Timeout = 0,
        };
        loader.Columns.AddRange(quotedColumns);
        loader.Expressions.AddRange(expressions);
        return loader;
    }
}
