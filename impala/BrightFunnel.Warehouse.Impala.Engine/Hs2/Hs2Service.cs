using BrightFunnel.Warehouse.Impala.Engine.Catalog;
using BrightFunnel.Warehouse.Impala.Engine.Sql;
using BrightFunnel.Warehouse.Impala.Engine.Sql.Dialect;
using BrightFunnel.Warehouse.Impala.Thrift;
using NLog;

namespace BrightFunnel.Warehouse.Impala.Engine.Hs2;

/// <summary>
/// The HS2 RPCs as Impala answers them, for one client connection. Nothing escapes as a Thrift
/// exception: every failure is a TStatus in error with SQLSTATE and message, as Impala sends.
/// </summary>
sealed class Hs2Service(EngineContext engine, ConnectionContext connection) : ImpalaHiveServer2Service.IAsync
{
    static readonly Logger Log = LogManager.GetCurrentClassLogger();

    public static TStatus Ok() => new(TStatusCode.SUCCESS_STATUS);

    static TStatus Error(Exception e)
    {
        var error = e switch
        {
            EngineException x => x,
            SqlSyntaxException s => EngineException.Analysis($"Syntax error: {s.Message}"),
            _ => EngineException.From(e),
        };
        // Not a failure the engine names: its stack is what an operator (or a bug report) needs.
        if (e is not (EngineException or SqlSyntaxException)) Log.Warn("HS2 request failed: {error}", e.ToString());
        return new TStatus(TStatusCode.ERROR_STATUS) { SqlState = error.SqlState, ErrorCode = 0, ErrorMessage = error.Message };
    }

    SessionRegistry Registry => engine.Sessions;

    long BinaryConnection => connection.IsHttp ? 0 : connection.Id;

    public Task<TOpenSessionResp> OpenSession(TOpenSessionReq? req, CancellationToken cancellationToken = default)
    {
        try
        {
            // Impala speaks V6 at most and answers with the lower of that and the client's version.
            var requested = (int)(req?.Client_protocol ?? TProtocolVersion.HIVE_CLI_SERVICE_PROTOCOL_V6) + 1;
            var version = Math.Clamp(requested, 1, engine.Options.MaxProtocolVersion);
            var user = connection.AuthenticatedUser ?? (string.IsNullOrEmpty(req?.Username) ? "anonymous" : req.Username);
            var session = new EngineSession(user, version, connection.IsHttp ? 0 : connection.Id);
            var applied = new Dictionary<string, string>();
            foreach (var (key, value) in req?.Configuration ?? [])
            {
                if (string.Equals(key, "use:database", StringComparison.OrdinalIgnoreCase)) session.Use(value, engine.Catalog);
                else if (key.StartsWith("impala.", StringComparison.OrdinalIgnoreCase) || key.StartsWith("set:hivevar:", StringComparison.OrdinalIgnoreCase)) continue;
                else session.SetOption(key.Replace("set:hiveconf:", "", StringComparison.OrdinalIgnoreCase), value);
                applied[key] = value;
            }
            Registry.Add(session);
            return Task.FromResult(new TOpenSessionResp(Ok(), (TProtocolVersion)(version - 1))
            {
                SessionHandle = new TSessionHandle(session.Handle.ToThrift()),
                Configuration = applied,
            });
        }
        catch (Exception e)
        {
            return Task.FromResult(new TOpenSessionResp(Error(e), TProtocolVersion.HIVE_CLI_SERVICE_PROTOCOL_V6));
        }
    }

    public async Task<TCloseSessionResp> CloseSession(TCloseSessionReq? req, CancellationToken cancellationToken = default)
    {
        try
        {
            await Registry.CloseSessionAsync(Registry.Session(req?.SessionHandle, BinaryConnection));
            return new TCloseSessionResp(Ok());
        }
        catch (Exception e) { return new TCloseSessionResp(Error(e)); }
    }

    public Task<TGetInfoResp> GetInfo(TGetInfoReq? req, CancellationToken cancellationToken = default)
    {
        try
        {
            Registry.Session(req?.SessionHandle, BinaryConnection);
            return Task.FromResult(new TGetInfoResp(Ok(), new TGetInfoValue { StringValue = ServerInfo.Answer(req!.InfoType) }));
        }
        // infoValue is required on the wire even beside an error, as Impala sends it.
        catch (Exception e) { return Task.FromResult(new TGetInfoResp(Error(e), new TGetInfoValue { StringValue = "" })); }
    }

    public async Task<TExecuteStatementResp> ExecuteStatement(TExecuteStatementReq? req, CancellationToken cancellationToken = default)
    {
        try
        {
            var session = Registry.Session(req?.SessionHandle, BinaryConnection);
            var statement = req!.Statement ?? "";
            engine.StatementLog?.Write(connection.Id, statement);
            // Refuse what Impala's front end refuses before DuckDB sees it (DuckDB accepts far more).
            if (ImpalaDialect.Check(statement, engine.Options.ReservedWordsVersion, session.Database) is { } violation)
                throw EngineException.Analysis(violation.Message);
            var parsed = ImpalaStatementParser.Parse(statement);
            var overlay = req.ConfOverlay;
            TimeSpan? limit = double.TryParse(session.Option("EXEC_TIME_LIMIT_S", overlay), System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                ? TimeSpan.FromSeconds(seconds) : null;
            var operation = new EngineOperation(session, statement, parsed, engine.Catalog, limit, engine.Options.ProfileFolder);
            Registry.Add(operation);
            operation.Start();
            if (!req.RunAsync)
            {
                // Synchronous execution: the client expects the statement done (or failed) on return.
                await operation.WaitAsync(cancellationToken);
                if (operation.State == TOperationState.ERROR_STATE)
                {
                    var failure = operation.Status();
                    await Registry.CloseOperationAsync(operation);
                    return new TExecuteStatementResp(new TStatus(TStatusCode.ERROR_STATUS) { SqlState = failure.SqlState, ErrorMessage = failure.ErrorMessage });
                }
            }
            return new TExecuteStatementResp(Ok())
            {
                OperationHandle = new TOperationHandle(operation.Handle.ToThrift(), TOperationType.EXECUTE_STATEMENT, operation.HasResultSet),
            };
        }
        catch (Exception e) { return new TExecuteStatementResp(Error(e)); }
    }

    public Task<TGetOperationStatusResp> GetOperationStatus(TGetOperationStatusReq? req, CancellationToken cancellationToken = default)
    {
        try { return Task.FromResult(Registry.Operation(req?.OperationHandle, BinaryConnection).Status()); }
        catch (Exception e) { return Task.FromResult(new TGetOperationStatusResp(Error(e))); }
    }

    public Task<TCancelOperationResp> CancelOperation(TCancelOperationReq? req, CancellationToken cancellationToken = default)
    {
        try
        {
            Registry.Operation(req?.OperationHandle, BinaryConnection).Cancel();
            return Task.FromResult(new TCancelOperationResp(Ok()));
        }
        catch (Exception e) { return Task.FromResult(new TCancelOperationResp(Error(e))); }
    }

    public async Task<TCloseOperationResp> CloseOperation(TCloseOperationReq? req, CancellationToken cancellationToken = default)
    {
        try
        {
            await Registry.CloseOperationAsync(Registry.Operation(req?.OperationHandle, BinaryConnection));
            return new TCloseOperationResp(Ok());
        }
        catch (Exception e) { return new TCloseOperationResp(Error(e)); }
    }

    public async Task<TGetResultSetMetadataResp> GetResultSetMetadata(TGetResultSetMetadataReq? req, CancellationToken cancellationToken = default)
    {
        try
        {
            var operation = Registry.Operation(req?.OperationHandle, BinaryConnection);
            await operation.WaitAsync(cancellationToken);
            return new TGetResultSetMetadataResp(Ok()) { Schema = operation.Schema() };
        }
        catch (Exception e) { return new TGetResultSetMetadataResp(Error(e)); }
    }

    public async Task<TFetchResultsResp> FetchResults(TFetchResultsReq? req, CancellationToken cancellationToken = default)
    {
        try
        {
            var operation = Registry.Operation(req?.OperationHandle, BinaryConnection);
            if (req!.FetchType != 0) throw new EngineException("fetching the operation log through FetchResults is not supported; use GetLog");
            if (req.Orientation is not (TFetchOrientation.FETCH_NEXT or TFetchOrientation.FETCH_FIRST))
                throw new EngineException($"Unsupported fetch orientation: {req.Orientation}");
            await operation.WaitAsync(cancellationToken);
            var maxRows = (int)Math.Clamp(req.MaxRows, 1, ResultStream.MaxBatch);
            var (rows, more) = operation.Fetch(maxRows, req.Orientation == TFetchOrientation.FETCH_FIRST, operation.Session.ProtocolVersion >= 6);
            return new TFetchResultsResp(Ok()) { HasMoreRows = more, Results = rows };
        }
        catch (Exception e) { return new TFetchResultsResp(Error(e)); }
    }

    public Task<TGetLogResp> GetLog(TGetLogReq? req, CancellationToken cancellationToken = default)
    {
        try { return Task.FromResult(new TGetLogResp(Ok(), Registry.Operation(req?.OperationHandle, BinaryConnection).Log())); }
        catch (Exception e) { return Task.FromResult(new TGetLogResp(Error(e), "")); }
    }

    public Task<TGetRuntimeProfileResp> GetRuntimeProfile(TGetRuntimeProfileReq? req, CancellationToken cancellationToken = default)
    {
        try
        {
            if (req?.SessionHandle is not null) Registry.Session(req.SessionHandle, BinaryConnection);
            return Task.FromResult(new TGetRuntimeProfileResp(Ok()) { Profile = Registry.Operation(req?.OperationHandle, BinaryConnection).Profile() });
        }
        catch (Exception e) { return Task.FromResult(new TGetRuntimeProfileResp(Error(e))); }
    }
}
