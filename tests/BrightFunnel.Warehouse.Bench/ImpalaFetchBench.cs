using BrightFunnel.Warehouse.Testing;
using System.Diagnostics;
using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Orchestrator.Loading;
using BrightFunnel.Warehouse.Impala.Engine;
using DuckDB.NET.Data;

namespace BrightFunnel.Warehouse.Bench;

/// <summary>
/// HS2 fetch throughput: a result shaped like attribution output (ids, text keys, double
/// credits, decimals, flags) streamed from the local engine over loopback TCP in columnar
/// batches, against DuckDB reading the same query in-process (the ceiling).
/// </summary>
static class ImpalaFetchBench
{
    /// <summary>The measured query over <paramref name="rows"/> rows, in SQL both Impala and DuckDB run.</summary>
    static string Query(long rows) => $"""
        SELECT n AS touch_id,
               concat('006A', CAST(n % 100000 AS STRING)) AS opportunity_id,
               CAST(n % 1000 AS DOUBLE) / 7 AS credit,
               CAST(n AS DECIMAL(18,2)) AS amount,
               CASE WHEN n % 10 = 0 THEN NULL ELSE n % 2 = 0 END AS flag
        FROM {ImpalaNumbers.Upto(rows)} r
        """;

    public static async Task<IReadOnlyList<FetchMeasurement>> RunAsync(long rows)
    {
        var sql = Query(rows);
        var warmUp = Query(200_000);
        var root = Directory.CreateTempSubdirectory("bfw-bench-impala-").FullName;
        var results = new List<FetchMeasurement>();
        try
        {
            ReadDuckDb(warmUp);
            results.Add(Measure("duckdb in-process reader (ceiling)", rows, () => Task.FromResult(ReadDuckDb(sql))));
            await using var engine = LocalImpalaEngine.Start(0, root);
            foreach (var fetch in new[] { 10_000, 50_000 })
            {
                var options = new Hs2Options { Host = "127.0.0.1", Port = engine.Port, FetchSize = fetch };
                await FetchAsync(options, warmUp); // warm-up: tiered JIT reaches optimised code
                results.Add(Measure($"HS2 binary, fetch {fetch:N0}", rows, () => FetchAsync(options, sql)));
            }
            var text = new Hs2Options { Host = "127.0.0.1", Port = engine.Port, FetchSize = 50_000 };
            results.Add(Measure("HS2 binary → LOAD DATA text, fetch 50,000", rows, () => ToLoadDataTextAsync(text, sql)));
            var http = new Hs2Options { Host = "127.0.0.1", Port = engine.Port, FetchSize = 50_000, Transport = Hs2TransportMode.Http };
            await FetchAsync(http, warmUp);
            results.Add(Measure("HS2 HTTP, fetch 50,000", rows, () => FetchAsync(http, sql)));
        }
        finally
        {
            Directory.Delete(root, true);
        }
        return results;
    }

    static FetchMeasurement Measure(string name, long expected, Func<Task<long>> run)
    {
        GC.Collect();
        var allocated = GC.GetTotalAllocatedBytes(true);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var read = run().GetAwaiter().GetResult();
        clock.Stop();
        if (read != expected) throw new InvalidOperationException($"{name}: read {read} rows, expected {expected}");
        return new FetchMeasurement("impala-fetch", name, read, clock.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu, GC.GetTotalAllocatedBytes(true) - allocated);
    }

    /// <summary>Reads every value the way the offload's bulk copy would: typed, per column, no boxing.</summary>
    static async Task<long> FetchAsync(Hs2Options options, string sql)
    {
        await using var session = await Hs2Session.OpenAsync(options);
        await using var op = await session.ExecuteAsync(sql);
        long rows = 0;
        double credit = 0;
        await foreach (var batch in op.FetchBatchesAsync())
        {
            var ids = batch[0].Int64Values;
            var credits = batch[2].DoubleValues;
            for (var r = 0; r < batch.RowCount; r++)
            {
                credit += credits[r] + ids[r];
                _ = batch[1].StringValues[r];
                _ = batch[3].StringValues[r];
                if (!batch[4].IsNull(r)) _ = batch[4].GetBoolean(r);
            }
            rows += batch.RowCount;
        }
        await op.CloseAsync();
        return credit >= 0 ? rows : -1;
    }

    /// <summary>What the offload does with a result: every value as MySQL LOAD DATA text (here into nothing).</summary>
    static async Task<long> ToLoadDataTextAsync(Hs2Options options, string sql)
    {
        await using var session = await Hs2Session.OpenAsync(options);
        await using var op = await session.ExecuteAsync(sql);
        var rows = await Hs2BatchTextWriter.WriteAllAsync(op.FetchBatchesAsync(), Stream.Null);
        await op.CloseAsync();
        return rows;
    }

    static long ReadDuckDb(string sql)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql; // concat() and CAST … AS STRING mean the same in DuckDB here
        command.UseStreamingMode = true;
        using var reader = command.ExecuteReader();
        long rows = 0;
        while (reader.Read())
        {
            _ = reader.GetInt64(0);
            _ = reader.GetString(1);
            _ = reader.GetDouble(2);
            _ = reader.GetDecimal(3);
            if (!reader.IsDBNull(4)) _ = reader.GetBoolean(4);
            rows++;
        }
        return rows;
    }
}
