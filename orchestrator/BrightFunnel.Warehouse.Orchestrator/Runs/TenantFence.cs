using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Runs;

/// <summary>
/// The C# side of the tenant database's fence (<c>run_fence</c>), for the current run
/// (<see cref="RunToken.Current"/>) or for a console command outside any run, which may swap only
/// while no run holds the tenant. A refusal is a MySqlException that <see cref="RunFencedException.Within"/> finds.
/// </summary>
public static class TenantFence
{
    /// <summary>
    /// Tells the session which run it writes for, then, within a run, refuses unless the run still
    /// holds the fence: before a write the cluster cannot fence, or before a long statement that
    /// would work on shadow tables a live run may own.
    /// </summary>
    /// <param name="what">Names the write in a refusal.</param>
    public static void Check(MySqlConnection tenantConnection, string what, MySqlTransaction? transaction = null)
    {
        RunToken.Apply(tenantConnection, transaction);
        if (RunToken.Current is not null)
            tenantConnection.Execute("CALL run_fence_check(@what)", new { what = Clip(what) }, transaction);
    }

    /// <summary>Swaps tables in with the same <c>run_fence_swap</c> the procedures call.</summary>
    /// <param name="what">Names the write in a refusal.</param>
    /// <param name="renames">The RENAME TABLE list, already quoted where needed: <c>a TO a_old, a_next TO a</c>.</param>
    public static void Swap(MySqlConnection tenantConnection, string what, string renames)
    {
        RunToken.Apply(tenantConnection);
        tenantConnection.Execute("CALL run_fence_swap(@what, @renames)", new { what = Clip(what), renames }, commandTimeout: 0);
    }

    // The procedures' p_what is a VARCHAR(255); a long file name must not turn a refusal into a "data too long".
    static string Clip(string what) => what.Length > 200 ? what[..200] : what;
}
