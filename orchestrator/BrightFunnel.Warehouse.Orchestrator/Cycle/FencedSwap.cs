using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator.Cycle;

/// <summary>
/// The C# side's way to swap tables in a tenant's database: the same <c>run_fence_swap</c> the
/// procedures call, for the current run (<see cref="RunToken.Current"/>), or for a console
/// command outside any run, which may swap only while no run holds the tenant.
/// </summary>
public static class FencedSwap
{
    /// <param name="what">Names the write in a refusal.</param>
    /// <param name="renames">The RENAME TABLE list, already quoted where needed: <c>a TO a_old, a_next TO a</c>.</param>
    public static void Rename(MySqlConnection tenantConnection, string what, string renames)
    {
        RunToken.Apply(tenantConnection);
        tenantConnection.Execute("CALL run_fence_swap(@what, @renames)", new { what = what.Length > 200 ? what[..200] : what, renames }, commandTimeout: 0);
    }
}
