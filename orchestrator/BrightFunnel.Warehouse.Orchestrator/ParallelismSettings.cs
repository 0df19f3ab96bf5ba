namespace BrightFunnel.Warehouse.Orchestrator;

/// <summary>
/// How much one process does at once (<c>bfw.json</c> section <c>Parallelism</c>), by default from
/// the machine's core count. A host (bfw, the bench, the test assembly) applies it once at start
/// (<see cref="ApplyToProcess"/>): the libraries read <see cref="Process"/> and never change a
/// process-wide setting themselves.
/// </summary>
public sealed class ParallelismSettings
{
    /// <summary>Connections a bulk load spreads its chunks over (ingest's shadow tables, the copy-back): the server's share of a load is the larger one, and one per core spreads it.</summary>
    public int LoadConnections { get; set; } = Environment.ProcessorCount;

    /// <summary>Inputs an offloaded step stages at once (each a MySQL read written as Parquet).</summary>
    public int StagingWorkers { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// The thread pool's floor. The engine's DuckDB calls and MySql.Data's async methods (which
    /// block) hold pool threads for long stretches; the pool adds threads only about once a second
    /// when all are busy, which on 2 cores starved the HS2 handlers until a copy-back crawled with
    /// every CPU idle. A floor lets the pool hand out threads at once.
    /// </summary>
    public int ThreadPoolFloor { get; set; } = 32 * Environment.ProcessorCount;

    /// <summary>
    /// Seconds an idle pooled MySQL connection is kept before <see cref="MySqlPoolJanitor"/> closes
    /// it (the driver's own default is 180). A process that opens many databases holds that many
    /// pools, and their idle connections count against the server's <c>max_connections</c>.
    /// </summary>
    public int IdleConnectionSeconds { get; set; } = 180;

    /// <summary>What this process applied (the defaults until a host applies its settings).</summary>
    public static ParallelismSettings Process { get; private set; } = new();

    /// <summary>The host's one call: these settings for the libraries, the thread pool's floor, and the MySQL pool's sweep.</summary>
    public void ApplyToProcess()
    {
        if (LoadConnections < 1 || StagingWorkers < 1 || ThreadPoolFloor < 1 || IdleConnectionSeconds < 1)
            throw new BadInputException($"Parallelism settings must be at least 1 (LoadConnections {LoadConnections}, StagingWorkers {StagingWorkers}, ThreadPoolFloor {ThreadPoolFloor}, IdleConnectionSeconds {IdleConnectionSeconds})");
        Process = this;
        MySqlPoolJanitor.Install(TimeSpan.FromSeconds(IdleConnectionSeconds));
        ThreadPool.GetMinThreads(out var workers, out var io);
        if (workers < ThreadPoolFloor || io < ThreadPoolFloor)
            ThreadPool.SetMinThreads(Math.Max(workers, ThreadPoolFloor), Math.Max(io, ThreadPoolFloor));
    }
}
