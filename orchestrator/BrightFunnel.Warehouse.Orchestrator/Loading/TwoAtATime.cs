using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace BrightFunnel.Warehouse.Orchestrator.Loading;

/// <summary>
/// Independent bulk jobs (tables to publish, export files to ingest), two at a time in the order
/// given: on two cores one job's client work overlaps the other's server work. After a failure no
/// job starts; the one in flight finishes (each job is whole or nothing by itself), and the first
/// failure is thrown as itself, not wrapped.
/// </summary>
public static class TwoAtATime
{
    const int Lanes = 2;

    public static void Run<T>(IEnumerable<T> jobs, Action<T> work)
    {
        try
        {
            Parallel.ForEach(Partitioner.Create(jobs, EnumerablePartitionerOptions.NoBuffering), new ParallelOptions { MaxDegreeOfParallelism = Lanes }, work);
        }
        catch (AggregateException e)
        {
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
    }
}
