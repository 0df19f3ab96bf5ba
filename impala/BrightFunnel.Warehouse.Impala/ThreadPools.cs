namespace BrightFunnel.Warehouse.Impala;

/// <summary>
/// The .NET thread pool starts with as many threads as cores and adds more only about once a
/// second when they are all blocked. The engine (DuckDB calls) and the offload (MySql.Data, whose
/// async methods block) hold pool threads for long stretches; on a 2-core machine that starved the
/// HS2 handlers and socket continuations until a copy-back crawled at a few thousand rows a second
/// with every CPU idle. A higher floor lets the pool hand out threads at once.
/// </summary>
public static class ThreadPools
{
    public const int MinimumWorkers = 64;

    public static void EnsureMinimum()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        if (workers < MinimumWorkers || io < MinimumWorkers)
            ThreadPool.SetMinThreads(Math.Max(workers, MinimumWorkers), Math.Max(io, MinimumWorkers));
    }
}
