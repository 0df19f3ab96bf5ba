using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator;

/// <summary>LOAD DATA LOCAL of a file written by <see cref="Ingest.TsvFileWriter"/>: the one bulk path into MySQL.</summary>
public static class BulkLoad
{
    /// <summary>Loads <paramref name="path"/> into <paramref name="quotedTable"/>; returns rows loaded (0 for an empty file).</summary>
    public static int FromTsv(MySqlConnection connection, string quotedTable, IEnumerable<string> quotedColumns, string path)
    {
        if (new FileInfo(path).Length == 0) return 0;
        var loader = new MySqlBulkLoader(connection)
        {
            TableName = quotedTable,
            FileName = path,
            Local = true,
            FieldTerminator = "\t",
            LineTerminator = "\n",
            EscapeCharacter = '\\',
            CharacterSet = "utf8mb4",
            Timeout = 0,
        };
        loader.Columns.AddRange(quotedColumns);
        return loader.Load();
    }
}
