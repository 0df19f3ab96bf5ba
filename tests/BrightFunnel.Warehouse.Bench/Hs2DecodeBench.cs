using System.Diagnostics;
using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Impala.Thrift;
using BrightFunnel.Warehouse.Impala.Transport;
using BrightFunnel.Warehouse.Impala.Types;
using Thrift.Protocol;
using Thrift.Transport.Client;

namespace BrightFunnel.Warehouse.Bench;

/// <summary>
/// The client's own ceiling against a real cluster: decoding FetchResults replies (Thrift binary
/// protocol → columnar batches) from memory, with no server in the way. Same columns as
/// <see cref="ImpalaFetchBench"/>, 10,000 rows per reply.
/// </summary>
static class Hs2DecodeBench
{
    const int BatchRows = 10_000;

    public static async Task<FetchMeasurement> RunAsync(long rows)
    {
        var reply = await EncodeAsync();
        var schema = new Hs2Schema([
            new("touch_id", 0, ImpalaType.BigInt), new("opportunity_id", 1, ImpalaType.String), new("credit", 2, ImpalaType.Double),
            new("amount", 3, ImpalaType.Decimal(18, 2)), new("flag", 4, ImpalaType.Boolean)]);
        await DecodeAsync(reply, schema, 200_000);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var read = await DecodeAsync(reply, schema, rows);
        clock.Stop();
        return new FetchMeasurement("hs2-decode", $"client decode only, {BatchRows:N0}/reply", read, clock.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu, 0);
    }

    static async Task<long> DecodeAsync(byte[] reply, Hs2Schema schema, long rows)
    {
        long read = 0;
        var config = Hs2Configuration.Create();
        while (read < rows)
        {
            using var transport = new TMemoryBufferTransport(reply, config);
            var response = new TFetchResultsResp();
            await response.ReadAsync(new TBinaryProtocol(transport), default);
            var batch = RowSetDecoder.Decode(response.Results, schema);
            read += batch.RowCount;
        }
        return read;
    }

    static async Task<byte[]> EncodeAsync()
    {
        var n = Enumerable.Range(0, BatchRows).ToList();
        var response = new TFetchResultsResp(new TStatus(TStatusCode.SUCCESS_STATUS))
        {
            HasMoreRows = true,
            Results = new TRowSet(0, []) { Columns = [
                new() { I64Val = new TI64Column(n.Select(i => (long)i).ToList(), []) },
                new() { StringVal = new TStringColumn(n.Select(i => $"006A{i % 100000}").ToList(), []) },
                new() { DoubleVal = new TDoubleColumn(n.Select(i => i % 1000 / 7.0).ToList(), []) },
                new() { StringVal = new TStringColumn(n.Select(i => $"{i}.00").ToList(), []) },
                new() { BoolVal = new TBoolColumn(n.Select(i => i % 2 == 0).ToList(), Hs2NullMask.Encode(n.Select(i => i % 10 == 0).ToArray())) },
            ] },
        };
        using var transport = new TMemoryBufferTransport(Hs2Configuration.Create(), 1 << 20);
        await response.WriteAsync(new TBinaryProtocol(transport), default);
        return transport.GetBuffer();
    }
}
