using Dapper;
using MySql.Data.MySqlClient;

namespace BrightFunnel.Warehouse.Orchestrator.Tenants;

/// <summary>
/// The attribution models the warehouse defines are the rows of the tenant database's
/// <c>at_models</c> (migrations 0007, 0011, 0012, 0014), not a list in code: a new model of any kind
/// is one row there, and a tenant enables it through its configuration's <c>models</c>.
/// </summary>
public static class AttributionModels
{
    public static IReadOnlyList<string> Defined(MySqlConnection tenant) => Ordered(tenant.Query<string>("SELECT model FROM at_models"));

    /// <summary>The order models are shown in where only their names are at hand: the default configuration's order (at_models' display_order), then any other by name.</summary>
    public static IReadOnlyList<string> Ordered(IEnumerable<string> models) =>
        models.OrderBy(m => Array.IndexOf(TenantConfig.DefaultModels, m) is var i and >= 0 ? i : int.MaxValue)
              .ThenBy(m => m, StringComparer.Ordinal).ToList();

    /// <summary>The models of <paramref name="models"/> the tenant database does not define, with a message naming them and the defined ones.</summary>
    public static string? Unknown(MySqlConnection tenant, IEnumerable<string> models, string where)
    {
        var defined = Defined(tenant);
        var unknown = models.Where(m => !defined.Contains(m)).ToList();
        return unknown.Count == 0 ? null
            : $"{where}: unknown model{(unknown.Count == 1 ? "" : "s")} {string.Join(", ", unknown.Select(m => $"'{m}'"))} (defined in at_models: {string.Join(", ", defined)})";
    }
}
