using System.Diagnostics;
using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Impala.Staging;
using BrightFunnel.Warehouse.Migrations;
using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Loading;
using BrightFunnel.Warehouse.Orchestrator.Tenants;
using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Bench.Profile;

/// <summary>One floor: what the work measured, the rows it moved, and how long it took.</summary>
public sealed record Floor(string Work, long Rows, TimeSpan Elapsed);

/// <summary>
/// What a step cannot beat on this machine, measured on the tenant the profile's cycle just built
/// (issue 28: every target judged against its floor). Each one does the step's irreducible part
/// alone, with none of our code around it: the server's own LOAD DATA of an export file, reading
/// the attribution's staged inputs from MySQL without writing them anywhere, and the engine writing
/// the tenant's pairs once.
/// </summary>
public static class Floors
{
    /// <summary>
    /// LOAD DATA LOCAL of the export CSV as it is into a table of text columns named by its header, keyed
    /// by Id as the raw tables are: MariaDB parsing and writing, no validation and no merge.
    /// </summary>
    public static Floor LoadData(string tenantConnectionString, string csv)
    {
        var header = File.ReadLines(csv).First().Split(',');
        using var c = new MySqlConnection(ConnectionStrings.ForBulkLoad(tenantConnectionString));
        c.Open();
        c.Execute("DROP TABLE IF EXISTS bench_floor_load");
        c.Execute($"CREATE TABLE bench_floor_load ({string.Join(", ", header.Select(h => $"{MySqlIdentifier.Quote(h)} VARCHAR(255)" + (h == "Id" ? " NOT NULL PRIMARY KEY" : "")))}) ENGINE=InnoDB");
        try
        {
            var loader = new MySqlBulkLoader(c)
            {
                TableName = "bench_floor_load", Local = true, FileName = csv, FieldTerminator = ",", FieldQuotationCharacter = '"',
                LineTerminator = "\n", NumberOfLinesToSkip = 1, CharacterSet = "utf8mb4", Timeout = 0,
            };
            var clock = Stopwatch.StartNew();
            var rows = loader.Load();
            return new Floor($"LOAD DATA of {Path.GetFileName(csv)} alone (text columns, primary key only)", rows, clock.Elapsed);
        }
        finally
        {
            c.Execute("DROP TABLE IF EXISTS bench_floor_load");
        }
    }

    /// <summary>Every input SELECT of the attribute step, read to the end and dropped, two at a time with the driver staging reads with (in name order: staging puts the largest first, which moves no row and barely the time of a 1 s floor).</summary>
    public static Floor ReadInputs(string tenantConnectionString, EngineScripts scripts)
    {
        long rows = 0;
        var clock = Stopwatch.StartNew();
        Parallel.ForEach(scripts.Inputs(), new ParallelOptions { MaxDegreeOfParallelism = 2 }, input =>
        {
            using var c = BulkRead.Open(tenantConnectionString); // the driver staging reads with
            using var reader = c.ExecuteReader(input.Select, commandTimeout: 0);
            var values = new object[reader.FieldCount];
            long read = 0;
            while (reader.Read())
            {
                reader.GetValues(values);
                read++;
            }
            Interlocked.Add(ref rows, read);
        });
        return new Floor("reading the attribute step's inputs from MySQL alone (no Parquet, no files)", rows, clock.Elapsed);
    }

    /// <summary>The engine copying the tenant's pairs (the view at_paths of the attribution in force) into a Parquet table of its own.</summary>
    public static async Task<Floor> WritePairsAsync(ImpalaSettings impala, TenantId tenant)
    {
        var cluster = new ClusterAttribution(tenant);
        const string scratch = "bfb_bench_floor";
        await using var session = await Hs2Session.OpenAsync(impala.ClientOptions());
        await session.ExecuteNonQueryAsync(ImpalaDdl.CreateDatabase(scratch));
        try
        {
            var clock = Stopwatch.StartNew();
            await session.ExecuteNonQueryAsync($"CREATE TABLE {ImpalaDdl.Qualified(scratch, "pairs")} STORED AS PARQUET AS SELECT * FROM {cluster.Qualified("at_paths")}");
            var elapsed = clock.Elapsed;
            var rows = Convert.ToInt64((await session.QueryAsync($"SELECT COUNT(*) FROM {ImpalaDdl.Qualified(scratch, "pairs")}")).Rows[0][0]);
            return new Floor("the engine writing the tenant's pairs once (CREATE TABLE AS SELECT * FROM at_paths)", rows, elapsed);
        }
        finally
        {
            await session.ExecuteNonQueryAsync(ImpalaDdl.DropDatabase(scratch));
        }
    }
}
