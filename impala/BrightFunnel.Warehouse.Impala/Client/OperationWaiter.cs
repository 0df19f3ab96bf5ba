using System.Diagnostics;
using BrightFunnel.Warehouse.Impala.Thrift;

namespace BrightFunnel.Warehouse.Impala.Client;

/// <summary>
/// Polls GetOperationStatus with growing sleeps (<see cref="Hs2Options.PollShare"/> of the time
/// the statement has run at most) until the operation is FINISHED. ERROR and
/// CANCELED become exceptions naming the statement; past the timeout the operation is cancelled.
/// </summary>
sealed class OperationWaiter(Hs2Connection connection, Hs2Options options)
{
    public async Task WaitUntilFinishedAsync(Hs2Operation operation, TimeSpan? timeout, CancellationToken ct)
    {
        try
        {
            await PollAsync(operation, timeout, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The caller gave up: the query must not keep running on the cluster.
            await operation.CancelQuietlyAsync();
            throw;
        }
    }

    async Task PollAsync(Hs2Operation operation, TimeSpan? timeout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var sleep = options.PollInitialDelay;
        while (true)
        {
            var request = new TGetOperationStatusReq(operation.Handle);
            var status = await connection.CallAsync("GetOperationStatus", idempotent: true, (c, t) => c.GetOperationStatus(request, t), operation.Statement, ct);
            Hs2Status.ThrowIfError(status.Status, "GetOperationStatus", operation.Statement);
            switch (status.OperationState)
            {
                case TOperationState.FINISHED_STATE:
                    return;
                case TOperationState.ERROR_STATE:
                    throw new Hs2QueryException(status.SqlState, status.ErrorMessage ?? "the query failed (no message)", operation.FirstLine, status.ErrorCode);
                case TOperationState.CANCELED_STATE:
                    throw new Hs2QueryException("HY008", "the query was cancelled on the server", operation.FirstLine);
                case TOperationState.CLOSED_STATE or TOperationState.UKNOWN_STATE:
                    throw new Hs2QueryException(status.SqlState, $"the operation is {status.OperationState}", operation.FirstLine);
            }
            if (timeout is { } limit && clock.Elapsed >= limit)
            {
                await operation.CancelQuietlyAsync();
                throw new Hs2QueryTimeoutException(limit, operation.FirstLine);
            }
            var wait = timeout is { } l ? Min(sleep, l - clock.Elapsed) : sleep;
            await Task.Delay(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, ct);
            // Never more than a share of the time it has run: a statement that ends just after a poll is seen
            // that much later at most (with sleeps growing 1.5× alone, a 2 s statement was seen up to 1 s late).
            var share = TimeSpan.FromTicks((long)(clock.Elapsed.Ticks * options.PollShare));
            sleep = Min(Min(sleep * options.PollGrowth, options.PollMaxDelay), share > options.PollInitialDelay ? share : options.PollInitialDelay);
        }
    }

    static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
