using BrightFunnel.Warehouse.Migrations;
using Dapper;
using MySql.Data.MySqlClient;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Runs;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator.Schema;

/// <summary>
/// <c>bfw migrate doc</c>: migrates a throwaway control, tenant and web database on the control
/// database's server, reads what the migrations made of them and renders <c>docs/schema.md</c>.
/// The throwaway databases are dropped whatever happens; no real database is read or touched.
/// </summary>
public sealed class SchemaDocument(WarehouseSettings settings)
{
    /// <summary>The databases documented, in the order they appear: label and folder under <c>sql/</c>, title, what it is.</summary>
    static readonly (string Folder, string Title, string About)[] Databases =
    [
        ("control", "Control database (`bf_control`)",
            "One per installation: pods, tenants and their configuration versions, filters, and the history of every run."),
        ("tenant", "Tenant database (`bf_t_<tenant>`, one per tenant on its pod)",
            "A tenant's data through every layer, refined by the stored procedures listed at the end."),
        ("web", "Web database (`bf_web`)",
            "What the web tier reads: every tenant's published analytics as numbered versions, its logins and API tokens."),
    ];

    public string Generate()
    {
        var server = ConnectionStrings.ServerOf(settings.Control.ConnectionString);
        var prefix = $"bfdoc_{Guid.NewGuid():N}"[..16];
        var documented = new List<DocumentedDatabase>();
        try
        {
            foreach (var (folder, title, about) in Databases)
            {
                var database = $"{prefix}_{folder}";
                var scripts = Path.Combine(settings.SqlRoot, folder);
                new DatabaseMigrator(new MigrationTarget($"doc:{folder}", server, database, scripts)).Apply();
                using var connection = new MySqlConnection(server);
                connection.Open();
                documented.Add(new DocumentedDatabase(title, about, SchemaCatalog.Read(connection, database), new ScriptComments(scripts)));
            }
        }
        finally
        {
            using var connection = new MySqlConnection(server);
            connection.Open();
            foreach (var (folder, _, _) in Databases)
                connection.Execute($"DROP DATABASE IF EXISTS {MySqlIdentifier.Quote($"{prefix}_{folder}")}");
        }
        return SchemaMarkdown.Render(documented);
    }
}
