using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Runs;

/// <summary>
/// A run's fencing token: its id and the lease epoch it took its tenant with (one more than any
/// run of the tenant before it). The tenant's database and bf_web keep the holder's token and
/// refuse the writes of any other (docs/decisions/fencing.md). Ambient for the run, like
/// <see cref="RunConnections"/>: the writes happen deep inside the steps.
/// </summary>
public sealed record RunToken(long RunId, long Epoch)
{
    static readonly AsyncLocal<RunToken?> Ambient = new();

    /// <summary>The token of the run this flow works for, or null outside a run.</summary>
    public static RunToken? Current => Ambient.Value;

    /// <summary>Makes this the current token of this flow (and the tasks it starts) until disposed.</summary>
    public IDisposable Enter()
    {
        var previous = Ambient.Value;
        Ambient.Value = this;
        return new Scope(() => Ambient.Value = previous);
    }

    /// <summary>
    /// Tells the tenant's server which run the session writes for (<c>run_fence_use</c>), so that
    /// <c>run_fence_swap</c> can check it; clears it outside a run, since pooled sessions outlive runs.
    /// </summary>
    public static void Apply(MySqlConnection tenantConnection, MySqlTransaction? transaction = null) =>
        tenantConnection.Execute("CALL run_fence_use(@run, @epoch)", new { run = Current?.RunId, epoch = Current?.Epoch }, transaction);

    public override string ToString() => $"run {RunId} (epoch {Epoch})";

    sealed class Scope(Action exit) : IDisposable
    {
        public void Dispose() => exit();
    }
}

/// <summary>A write refused because the run no longer holds its tenant: its lease passed, or another run took the tenant.</summary>
public sealed class RunFencedException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The MYSQL_ERRNO the fence procedures signal with.</summary>
    public const int MySqlErrorNumber = 45101;

    /// <summary>The fence refusal somewhere in <paramref name="e"/>, or null.</summary>
    public static RunFencedException? Within(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
            switch (x)
            {
                case RunFencedException fenced: return fenced;
                case MySqlException { Number: MySqlErrorNumber } m: return new RunFencedException(m.Message, m);
            }
        return null;
    }
}
