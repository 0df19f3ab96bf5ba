using System.Diagnostics;

namespace BrightFunnel.Warehouse.Orchestrator.Cycle;

/// <summary>
/// A procedure called on a tenant connection of its own while the step's main work runs (MySQL's
/// share beside the cluster's, or beside another procedure). The step takes its result before it
/// swaps, and ends it whatever happens before the step itself ends, so nothing it started writes
/// after the step is over.
/// </summary>
public sealed class BesideCall
{
    readonly Task<TimeSpan> call;

    BesideCall(Task<TimeSpan> call) => this.call = call;

    /// <summary>Starts <paramref name="sql"/> (cancellable on the server, <see cref="CancellableSql"/>).</summary>
    public static BesideCall Start(string tenantConnectionString, string sql, object? param, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        return new(Task.Run(async () =>
        {
            await using var connection = await DbConnections.TenantAsync(tenantConnectionString, ct);
            CancellableSql.Execute(connection, sql, param, ct);
            return clock.Elapsed;
        }, ct));
    }

    /// <summary>How long the call took once it has ended; its failure is thrown here.</summary>
    public Task<TimeSpan> Completion => call;

    /// <summary>Waits for the call to end, its failure ignored: the step is failing already, or takes <see cref="Completion"/> next.</summary>
    public Task EndQuietlyAsync() => ((Task)call).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <inheritdoc cref="EndQuietlyAsync"/>
    public void EndQuietly() => EndQuietlyAsync().Wait(CancellationToken.None);
}
