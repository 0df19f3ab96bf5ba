using System.Diagnostics;
using BrightFunnel.Warehouse.Migrations;
using BrightFunnel.Warehouse.Orchestrator;
using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Bench;

/// <summary>
/// What landing a table's rows costs MySQL alone: the server writes the table out (in primary-key
/// order, the cheapest order to insert), and the file is loaded back into an empty copy with the
/// copy-back's own recipe — 32 MB chunks through a <see cref="BackgroundLoader{TChunk}"/> on two
/// connections (<see cref="LoadConnections"/>, unique and foreign-key checks off), secondary keys
/// built after (<see cref="DeferredKeys"/>) — with no fetch, no text writing and no other work on
/// the machine. No copy-back into this server can be faster than this.
/// </summary>
/// <remarks>
/// Chunks, not one LOAD DATA per connection: with the checks off, MariaDB's first insert into an
/// empty InnoDB table takes the table for its whole statement, so two whole-file loads run one
/// after the other (and at size L the second times out waiting for the lock).
/// </remarks>
static class LandingFloor
{
    const int Workers = 2;
    const int ChunkBytes = 32 << 20;

    /// <summary>Times the load of <paramref name="table"/>'s rows; needs a connection with the FILE privilege.</summary>
    public static TimeSpan Measure(MySqlConnection admin, string table, string folder)
    {
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, table + ".tsv");
        var copy = MySqlIdentifier.Quote(table + "_floor");
        var quoted = MySqlIdentifier.Quote(table);
        try
        {
            File.Delete(file);
            admin.Execute($"SELECT * FROM {quoted} INTO OUTFILE {Literal(file)}", commandTimeout: 0);
            admin.Execute($"DROP TABLE IF EXISTS {copy}; CREATE TABLE {copy} LIKE {quoted}");
            var columns = admin.Query<string>(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = @table ORDER BY ordinal_position",
                new { table }).Select(MySqlIdentifier.Quote).ToList();

            var clock = Stopwatch.StartNew();
            var keys = DeferredKeys.Drop(admin, table + "_floor", table);
            using (var connections = new LoadConnections(admin, Workers, "SET SESSION unique_checks = 0, foreign_key_checks = 0"))
            {
                var loads = connections.All.Select(c => new Func<MemoryStream, long>(chunk => BulkLoad.FromStream(c, copy, columns, chunk))).ToArray();
                using var loader = new BackgroundLoader<MemoryStream>(chunk => chunk.Dispose(), loads);
                foreach (var chunk in Chunks(file)) loader.Add(chunk);
                loader.Finish();
            }
            keys.Build();
            return clock.Elapsed;
        }
        finally
        {
            admin.Execute($"DROP TABLE IF EXISTS {copy}");
            File.Delete(file);
        }
    }

    /// <summary>The file in chunks of whole lines (LOAD DATA text: a newline ends every row).</summary>
    static IEnumerable<MemoryStream> Chunks(string file)
    {
        using var input = File.OpenRead(file);
        var buffer = new byte[ChunkBytes];
        var held = 0;
        while (true)
        {
            var read = input.ReadAtLeast(buffer.AsSpan(held), buffer.Length - held, throwOnEndOfStream: false);
            var filled = held + read;
            if (filled == 0) yield break;
            var end = read == 0 ? filled : buffer.AsSpan(0, filled).LastIndexOf((byte)'\n') + 1;
            if (end == 0) throw new InvalidDataException($"{file}: a row longer than {ChunkBytes} bytes");
            yield return new MemoryStream(buffer.AsSpan(0, end).ToArray());
            held = filled - end;
            buffer.AsSpan(end, held).CopyTo(buffer);
        }
    }

    /// <summary>INTO OUTFILE takes no parameter: the bench's own path, as a quoted literal.</summary>
    static string Literal(string path) => "'" + path.Replace("\\", "\\\\").Replace("'", "\\'") + "'";
}
