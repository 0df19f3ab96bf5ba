using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using BrightFunnel.Warehouse.Impala.Thrift;
using Thrift;
using Thrift.Protocol;
using Thrift.Transport;
using Thrift.Transport.Client;

namespace BrightFunnel.Warehouse.Tests.Impala;

/// <summary>
/// A HiveServer2 as far as a client can tell before running SQL: binary NOSASL on loopback, opens
/// sessions and answers GetInfo as Hive 3 (CDP 7.1.7) does: "Hive", "Apache Hive" and its version.
/// Any statement is refused and recorded in <see cref="Statements"/>, so a test sees whether a
/// client ran SQL on a server it should have refused.
/// </summary>
sealed class FakeHiveServer : IAsyncDisposable
{
    public const string Version = "3.1.3000.7.1.7.0-551";

    readonly TcpListener listener = new(IPAddress.Loopback, 0);
    readonly CancellationTokenSource stop = new();
    readonly Task loop;

    public FakeHiveServer()
    {
        listener.Start();
        loop = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public ConcurrentQueue<string> Statements { get; } = new();

    /// <summary>False: GetInfo is answered as an unknown method, as by a server that lacks the RPC.</summary>
    public bool AnswersGetInfo { get; init; } = true;

    async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            using var transport = new TBufferedTransport(new TStreamTransport(stream, stream, new TConfiguration()));
            var protocol = new TBinaryProtocol(transport);
            var processor = new Processor(new Hive(Statements), AnswersGetInfo);
            try { while (await processor.ProcessAsync(protocol, protocol, stop.Token)) { } }
            catch (Exception e) when (e is TTransportException or IOException or OperationCanceledException) { }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await loop;
        stop.Dispose();
    }

    sealed class Processor : ImpalaHiveServer2Service.AsyncProcessor
    {
        public Processor(ImpalaHiveServer2Service.IAsync service, bool answersGetInfo) : base(service)
        {
            if (!answersGetInfo) processMap_.Remove("GetInfo");
        }
    }

    sealed class Hive(ConcurrentQueue<string> statements) : ImpalaHiveServer2Service.IAsync
    {
        static TStatus Ok() => new(TStatusCode.SUCCESS_STATUS);

        static TStatus Refused(string what) => new(TStatusCode.ERROR_STATUS) { ErrorMessage = $"the fake Hive server does not answer {what}", SqlState = "HY000" };

        static readonly TSessionHandle Session = new(new THandleIdentifier(new byte[16], new byte[16]));

        public Task<TOpenSessionResp> OpenSession(TOpenSessionReq? req, CancellationToken ct = default) =>
            Task.FromResult(new TOpenSessionResp(Ok(), req?.Client_protocol ?? TProtocolVersion.HIVE_CLI_SERVICE_PROTOCOL_V6) { SessionHandle = Session, Configuration = [] });

        public Task<TCloseSessionResp> CloseSession(TCloseSessionReq? req, CancellationToken ct = default) => Task.FromResult(new TCloseSessionResp(Ok()));

        public Task<TGetInfoResp> GetInfo(TGetInfoReq? req, CancellationToken ct = default) => Task.FromResult(req?.InfoType switch
        {
            TGetInfoType.CLI_SERVER_NAME => new TGetInfoResp(Ok(), new TGetInfoValue { StringValue = "Hive" }),
            TGetInfoType.CLI_DBMS_NAME => new TGetInfoResp(Ok(), new TGetInfoValue { StringValue = "Apache Hive" }),
            TGetInfoType.CLI_DBMS_VER => new TGetInfoResp(Ok(), new TGetInfoValue { StringValue = Version }),
            _ => new TGetInfoResp(Refused("this GetInfo type"), new TGetInfoValue { StringValue = "" }),
        });

        public Task<TExecuteStatementResp> ExecuteStatement(TExecuteStatementReq? req, CancellationToken ct = default)
        {
            statements.Enqueue(req?.Statement ?? "");
            return Task.FromResult(new TExecuteStatementResp(Refused("statements")));
        }

        public Task<TGetOperationStatusResp> GetOperationStatus(TGetOperationStatusReq? req, CancellationToken ct = default) => Task.FromResult(new TGetOperationStatusResp(Refused("GetOperationStatus")));
        public Task<TCancelOperationResp> CancelOperation(TCancelOperationReq? req, CancellationToken ct = default) => Task.FromResult(new TCancelOperationResp(Refused("CancelOperation")));
        public Task<TCloseOperationResp> CloseOperation(TCloseOperationReq? req, CancellationToken ct = default) => Task.FromResult(new TCloseOperationResp(Refused("CloseOperation")));
        public Task<TGetResultSetMetadataResp> GetResultSetMetadata(TGetResultSetMetadataReq? req, CancellationToken ct = default) => Task.FromResult(new TGetResultSetMetadataResp(Refused("GetResultSetMetadata")));
        public Task<TFetchResultsResp> FetchResults(TFetchResultsReq? req, CancellationToken ct = default) => Task.FromResult(new TFetchResultsResp(Refused("FetchResults")));
        public Task<TGetLogResp> GetLog(TGetLogReq? req, CancellationToken ct = default) => Task.FromResult(new TGetLogResp(Refused("GetLog"), ""));
        public Task<TGetRuntimeProfileResp> GetRuntimeProfile(TGetRuntimeProfileReq? req, CancellationToken ct = default) => Task.FromResult(new TGetRuntimeProfileResp(Refused("GetRuntimeProfile")));
    }
}
