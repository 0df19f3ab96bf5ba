using System.Diagnostics;
using BrightFunnel.Warehouse.Migrations;
using BrightFunnel.Warehouse.Orchestrator;
using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Bench;

/// <summary>
/// What landing a table's rows costs MySQL alone: the server writes the table out (in primary-key
/// order, the cheapest order to insert), and the file is loaded back into an empty copy with the
/// copy-back's own recipe — 32 MB chunks through a <see cref="ChunkedShadowLoad"/> — with no
/// fetch, no text writing and no other work on the machine. No copy-back into this server can be
/// faster than this.
/// </summary>
static class LandingFloor
{
    /// <summary>The copy-back's chunk size (ShadowTableCopy.ChunkBytes).</summary>
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

            var clock = Stopwatch.StartNew();
            // No column list: the file holds every column in table order, as SELECT * wrote it.
            using (var load = new ChunkedShadowLoad(admin, table + "_floor", table, [], []))
            {
                foreach (var chunk in Chunks(file)) load.Add(chunk);
                load.Finish();
            }
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
