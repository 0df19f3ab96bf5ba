using System.Buffers;
using System.Runtime.InteropServices;
using BrightFunnel.Warehouse.Impala.Engine.Hs2;
using BrightFunnel.Warehouse.Impala.Thrift;
using Thrift.Protocol;
using Thrift.Protocol.Entities;

namespace BrightFunnel.Warehouse.Impala.Engine.Server;

/// <summary>
/// The generated HS2 processor with one hot path replaced: FetchResults replies are encoded by
/// <see cref="FetchResultsEncoder"/> (one pass, one buffer) instead of one awaited protocol call
/// per value. Every other RPC, and every reply the encoder does not handle, goes through the
/// generated code.
/// </summary>
sealed class EngineProcessor : ImpalaHiveServer2Service.AsyncProcessor
{
    readonly ImpalaHiveServer2Service.IAsync service;

    public EngineProcessor(ImpalaHiveServer2Service.IAsync service) : base(service)
    {
        this.service = service;
        processMap_["FetchResults"] = FetchResultsAsync;
    }

    async Task FetchResultsAsync(int seqid, TProtocol iprot, TProtocol oprot, CancellationToken ct)
    {
        var args = new ImpalaHiveServer2Service.InternalStructs.FetchResults_args();
        await args.ReadAsync(iprot, ct);
        await iprot.ReadMessageEndAsync(ct);
        var response = await service.FetchResults(args.Req, ct); // the service answers errors as TStatus, never throws
        await oprot.WriteMessageBeginAsync(new TMessage("FetchResults", TMessageType.Reply, seqid), ct);
        if (FetchResultsEncoder.CanEncode(response))
        {
            var buffer = new ArrayBufferWriter<byte>(64 * 1024);
            FetchResultsEncoder.Encode(response, buffer);
            var bytes = MemoryMarshal.TryGetArray(buffer.WrittenMemory, out var segment) ? segment : new ArraySegment<byte>(buffer.WrittenMemory.ToArray());
            await oprot.Transport.WriteAsync(bytes.Array!, bytes.Offset, bytes.Count, ct);
        }
        else
            await new ImpalaHiveServer2Service.InternalStructs.FetchResults_result { Success = response }.WriteAsync(oprot, ct);
        await oprot.WriteMessageEndAsync(ct);
        await oprot.Transport.FlushAsync(ct);
    }
}
