using System.Buffers;
using BrightFunnel.Warehouse.Impala.Engine.Hs2;
using BrightFunnel.Warehouse.Impala.Thrift;
using BrightFunnel.Warehouse.Impala.Transport;
using Thrift.Protocol;
using Thrift.Transport.Client;

namespace BrightFunnel.Warehouse.Tests.Impala;

[TestClass]
public sealed class FetchResultsEncoderTests
{
    static TFetchResultsResp Reply(bool hasMoreRows) => new(new TStatus(TStatusCode.SUCCESS_STATUS))
    {
        HasMoreRows = hasMoreRows,
        Results = new TRowSet(1234567890123, []) { Columns = [
            new() { BoolVal = new TBoolColumn([true, false, true], [0x02]) },
            new() { ByteVal = new TByteColumn([-1, 0, 127], []) },
            new() { I16Val = new TI16Column([short.MinValue, 0, 300], []) },
            new() { I32Val = new TI32Column([int.MinValue, 7, int.MaxValue], [0x01]) },
            new() { I64Val = new TI64Column([long.MinValue, -1, long.MaxValue], []) },
            new() { DoubleVal = new TDoubleColumn([double.NaN, -0.5, 1e300], []) },
            new() { StringVal = new TStringColumn(["", "héllo – 日本", "tab\tnew\nline"], [0x04]) },
            new() { BinaryVal = new TBinaryColumn([[], [0, 1, 2], [255]], []) },
        ] },
    };

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public async Task WritesTheSameBytesAsTheGeneratedCode(bool hasMoreRows)
    {
        var reply = Reply(hasMoreRows);
        Assert.IsTrue(FetchResultsEncoder.CanEncode(reply));
        using var generated = new TMemoryBufferTransport(Hs2Configuration.Create(), 1024);
        await new ImpalaHiveServer2Service.InternalStructs.FetchResults_result { Success = reply }.WriteAsync(new TBinaryProtocol(generated), default);
        var ours = new ArrayBufferWriter<byte>();
        FetchResultsEncoder.Encode(reply, ours);
        CollectionAssert.AreEqual(generated.GetBuffer(), ours.WrittenSpan.ToArray());
    }

    [TestMethod]
    public void LeavesErrorsAndRowBasedSetsToTheGeneratedCode()
    {
        Assert.IsFalse(FetchResultsEncoder.CanEncode(new TFetchResultsResp(new TStatus(TStatusCode.ERROR_STATUS) { ErrorMessage = "x" })));
        Assert.IsFalse(FetchResultsEncoder.CanEncode(new TFetchResultsResp(new TStatus(TStatusCode.SUCCESS_STATUS)) { Results = new TRowSet(0, [new TRow([])]) }));
    }
}
