using System.Globalization;
using System.Text;
using BrightFunnel.Warehouse.Impala.Engine.Catalog;
using BrightFunnel.Warehouse.Impala.Engine.Sql;
using BrightFunnel.Warehouse.Impala.Thrift;
using DuckDB.NET.Data;
using static BrightFunnel.Warehouse.Impala.Engine.Sql.ImpalaSqlTranslator;

namespace BrightFunnel.Warehouse.Impala.Engine.Hs2;

/// <summary>
/// One statement running in the engine: PENDING → RUNNING → FINISHED | ERROR | CANCELED, then
/// CLOSED. It runs on its own DuckDB connection in the background, so status polls, cancels and
/// other sessions are served meanwhile. Cancel interrupts DuckDB; the execution time limit
/// (query option EXEC_TIME_LIMIT_S) fails the query as Impala does.
/// </summary>
sealed class EngineOperation
{
    readonly Lock gate = new();
    readonly EngineCatalog catalog;
    readonly TimeSpan? timeLimit;
    readonly string? profileFolder;
    static long profiled;
    TOperationState state = TOperationState.PENDING_STATE;
    string? error;
    DuckDBConnection? connection;
    DuckDBCommand? command;
    ResultStream? results;
    StatementPlan? plan;
    Task execution = Task.CompletedTask;
    CancellationTokenSource? limitTimer;
    DateTime? finishedAt;

    public EngineOperation(EngineSession session, string statement, ImpalaStatement parsed, EngineCatalog catalog, TimeSpan? timeLimit,
        string? profileFolder = null)
    {
        this.profileFolder = profileFolder;
        Session = session;
        Statement = statement;
        Parsed = parsed;
        this.catalog = catalog;
        this.timeLimit = timeLimit;
    }

    public Handle Handle { get; } = new();

    public EngineSession Session { get; }

    public string Statement { get; }

    public ImpalaStatement Parsed { get; }

    public bool HasResultSet => Parsed.HasResultSet;

    public DateTime SubmittedAt { get; } = DateTime.Now;

    public TOperationState State
    {
        get { lock (gate) return state; }
    }

    public void Start()
    {
        // A DuckDB query blocks its thread until done: a thread of its own, not one the HS2 handlers need.
        execution = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (timeLimit is { } limit)
        {
            limitTimer = new CancellationTokenSource(limit);
            limitTimer.Token.Register(() => Fail($"Query {Handle} expired due to execution time limit of {limit.TotalSeconds:0.###}s"));
        }
    }

    void Run()
    {
        lock (gate)
        {
            if (state != TOperationState.PENDING_STATE) return;
            state = TOperationState.RUNNING_STATE;
        }
        try
        {
            plan = StatementPlan.For(Parsed, Session, catalog);
            if (plan.Command is not null || plan.ResultQuery is not null || plan.Write is not null)
            {
                connection = catalog.Connect();
                lock (gate)
                {
                    if (state != TOperationState.RUNNING_STATE) return;
                    command = connection.CreateCommand();
                }
                command.CommandText = $"USE {Identifier(SchemaFor(Session.Database))}";
                command.ExecuteNonQuery();
                if (plan.Command is not null)
                    Profiled(command, () =>
                    {
                        command.CommandText = plan.Command;
                        command.ExecuteNonQuery();
                    });
                if (plan.Write is not null) plan.Write.Run(command, copy => Profiled(command, copy));
                if (plan.ResultQuery is not null)
                {
                    command.CommandText = plan.ResultQuery;
                    var stream = ResultStream.Open(command);
                    lock (gate) results = stream;
                }
            }
            lock (gate)
            {
                if (state != TOperationState.RUNNING_STATE) return;
                state = TOperationState.FINISHED_STATE;
                finishedAt = DateTime.Now;
            }
        }
        catch (Exception e)
        {
            Fail(EngineException.From(e).Message);
        }
    }

    /// <summary>
    /// Runs <paramref name="run"/>; with a profile folder (<see cref="LocalImpalaEngineOptions.ProfileFolder"/>),
    /// DuckDB's JSON profile of the command it runs goes to a file of its own there, beside the statement's text.
    /// </summary>
    void Profiled(DuckDBCommand duck, Action run)
    {
        if (profileFolder is null)
        {
            run();
            return;
        }
        var path = Path.Combine(profileFolder, $"{DateTime.UtcNow:yyyyMMdd-HHmmss-fff}-{Interlocked.Increment(ref profiled):D6}");
        duck.CommandText = "PRAGMA enable_profiling = 'json'";
        duck.ExecuteNonQuery();
        duck.CommandText = $"PRAGMA profiling_output = '{(path + ".json").Replace("'", "''")}'";
        duck.ExecuteNonQuery();
        run();
        duck.CommandText = "PRAGMA disable_profiling";
        duck.ExecuteNonQuery();
        File.WriteAllText(path + ".sql", Statement);
    }

    /// <summary>A failure wins only while the query is still running: a cancel or a time limit came first otherwise.</summary>
    void Fail(string message)
    {
        lock (gate)
        {
            if (state is not (TOperationState.PENDING_STATE or TOperationState.RUNNING_STATE)) return;
            state = TOperationState.ERROR_STATE;
            error = message;
            finishedAt = DateTime.Now;
        }
        Interrupt();
    }

    public TGetOperationStatusResp Status()
    {
        lock (gate)
        {
            var response = new TGetOperationStatusResp(Hs2Service.Ok()) { OperationState = state };
            if (state == TOperationState.ERROR_STATE)
            {
                response.SqlState = EngineException.GeneralError;
                response.ErrorCode = 0;
                response.ErrorMessage = error;
            }
            return response;
        }
    }

    public void Cancel()
    {
        lock (gate)
        {
            if (state is TOperationState.CLOSED_STATE or TOperationState.ERROR_STATE or TOperationState.CANCELED_STATE) return;
            state = TOperationState.CANCELED_STATE;
            finishedAt = DateTime.Now;
        }
        Interrupt();
    }

    /// <summary>
    /// Interrupts DuckDB until the execution ends: an interrupt that lands just before the query
    /// starts would be lost, so it is repeated for as long as the query is still running.
    /// </summary>
    void Interrupt() => _ = Task.Run(async () =>
    {
        for (var i = 0; i < 400 && !execution.IsCompleted; i++)
        {
            try { command?.Cancel(); }
            catch (ObjectDisposedException) { return; }
            await Task.Delay(25);
        }
    });

    /// <summary>Waits for the statement to run (Impala blocks a fetch until rows are ready).</summary>
    public async Task WaitAsync(CancellationToken ct) => await execution.WaitAsync(ct);

    public TTableSchema Schema()
    {
        lock (gate)
        {
            ThrowIfUnusable();
            return results?.Schema() ?? new TTableSchema([]);
        }
    }

    public (TRowSet Rows, bool HasMoreRows) Fetch(int maxRows, bool fetchFirst, bool columnar)
    {
        lock (gate)
        {
            ThrowIfUnusable();
            if (!HasResultSet || results is null) throw new EngineException("Operation has no result set");
            if (fetchFirst && results.RowsFetched > 0)
                throw new EngineException("Restarting of fetch requires enabling of query result caching.");
            return results.Fetch(maxRows, columnar);
        }
    }

    void ThrowIfUnusable()
    {
        switch (state)
        {
            case TOperationState.ERROR_STATE: throw new EngineException(error ?? "Query failed");
            case TOperationState.CANCELED_STATE: throw new EngineException("Cancelled");
            case TOperationState.CLOSED_STATE: throw new EngineException("Invalid or unknown query handle");
            case TOperationState.PENDING_STATE or TOperationState.RUNNING_STATE: throw new EngineException("Query is still running");
        }
    }

    public string Log()
    {
        lock (gate) return state == TOperationState.ERROR_STATE ? $"ERROR: {error}\n" : "";
    }

    public string Profile()
    {
        lock (gate)
        {
            var end = finishedAt is { } f ? f.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) : "";
            var sb = new StringBuilder();
            sb.Append("Query (id=").Append(Handle).Append("):\n");
            sb.Append("  Summary:\n");
            sb.Append("    Session ID: ").Append(Session.Handle).Append('\n');
            sb.Append("    Session Type: HIVESERVER2\n");
            sb.Append("    HiveServer2 Protocol Version: V").Append(Session.ProtocolVersion).Append('\n');
            sb.Append("    Start Time: ").Append(SubmittedAt.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture)).Append('\n');
            sb.Append("    End Time: ").Append(end).Append('\n');
            sb.Append("    Query Type: ").Append(Parsed is QueryStatement ? "QUERY" : "DDL").Append('\n');
            sb.Append("    Query State: ").Append(state.ToString().Replace("_STATE", "")).Append('\n');
            sb.Append("    Query Status: ").Append(error ?? "OK").Append('\n');
            sb.Append("    Impala Version: bfw local engine (DuckDB)\n");
            sb.Append("    User: ").Append(Session.User).Append('\n');
            sb.Append("    Default Db: ").Append(Session.Database).Append('\n');
            sb.Append("    Sql Statement: ").Append(Statement).Append('\n');
            if ((plan?.Command ?? plan?.ResultQuery) is { } duck) sb.Append("    DuckDB Statement: ").Append(duck).Append('\n');
            sb.Append("    Rows Fetched: ").Append(results?.RowsFetched ?? 0).Append('\n');
            return sb.ToString();
        }
    }

    public async Task CloseAsync()
    {
        Cancel();
        lock (gate) state = TOperationState.CLOSED_STATE;
        try
        {
            await execution.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            // DuckDB ignored the interrupts; leave its connection to the finaliser rather than free it under a running query.
            return;
        }
        limitTimer?.Dispose();
        lock (gate)
        {
            results?.Dispose();
            results = null;
            command?.Dispose();
            connection?.Dispose();
            command = null;
            connection = null;
        }
    }
}
