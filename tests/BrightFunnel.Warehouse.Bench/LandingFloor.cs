using System.Diagnostics;
using BrightFunnel.Warehouse.Migrations;
using BrightFunnel.Warehouse.Orchestrator;
using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Bench;

/// <summary>
/// What landing a table's rows costs MySQL alone: the server writes the table out in two halves
/// (each in primary-key order, the cheapest order to insert), and the halves are loaded back into
/// an empty copy with the copy-back's own recipe — LOAD DATA LOCAL on two connections at once
/// (<see cref="LoadConnections"/>), secondary keys built after (<see cref="DeferredKeys"/>) — with no
/// fetch, no text writing and no other work on the machine. No copy-back into this server can be
/// faster than this.
/// </summary>
static class LandingFloor
{
    const int Halves = 2;

    /// <summary>Times the load of <paramref name="table"/>'s rows; needs a connection with the FILE privilege.</summary>
    public static TimeSpan Measure(MySqlConnection admin, string table, string folder)
    {
        Directory.CreateDirectory(folder);
        var files = Enumerable.Range(0, Halves).Select(i => Path.Combine(folder, $"{table}-{i}.tsv")).ToList();
        var copy = table + "_floor";
        try
        {
            files.ForEach(File.Delete);
            var quoted = MySqlIdentifier.Quote(table);
            for (var i = 0; i < Halves; i++)
                admin.Execute($"SELECT * FROM {quoted} WHERE CRC32(opportunity_id) % {Halves} = {i} INTO OUTFILE {Literal(files[i])}", commandTimeout: 0);
            admin.Execute($"DROP TABLE IF EXISTS {MySqlIdentifier.Quote(copy)}; CREATE TABLE {MySqlIdentifier.Quote(copy)} LIKE {quoted}");
            var columns = admin.Query<string>(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = @table ORDER BY ordinal_position",
                new { table }).Select(MySqlIdentifier.Quote).ToList();

            var clock = Stopwatch.StartNew();
            var keys = DeferredKeys.Drop(admin, copy, table);
            using (var connections = new LoadConnections(admin, Halves, "SET SESSION unique_checks = 0, foreign_key_checks = 0"))
                Task.WaitAll(connections.All.Select((c, i) => Task.Run(() => BulkLoad.FromTsv(c, MySqlIdentifier.Quote(copy), columns, files[i]))).ToArray());
            keys.Build();
            return clock.Elapsed;
        }
        finally
        {
            admin.Execute($"DROP TABLE IF EXISTS {MySqlIdentifier.Quote(copy)}");
            files.ForEach(File.Delete);
        }
    }

    /// <summary>INTO OUTFILE takes no parameter: the bench's own path, as a quoted literal.</summary>
    static string Literal(string path) => "'" + path.Replace("\\", "\\\\").Replace("'", "\\'") + "'";
}
