using BrightFunnel.Warehouse.Migrations;
using BrightFunnel.Warehouse.Orchestrator.Scheduling;
using Dapper;
using MySql.Data.MySqlClient;
using NLog;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator;

/// <summary>What happened to one database in a <c>migrate apply</c>.</summary>
public sealed record ApplyOutcome(string Label, string Database, IReadOnlyList<string> Applied, string? Error)
{
    public bool Succeeded => Error is null;
}

/// <summary>
/// Every database of the warehouse as a migration target — <c>control</c>, <c>web</c> and
/// <c>tenant:&lt;id&gt;</c> on its pod — and plan/apply/status/validate over a selection of them.
/// One database failing never hides the state of the others.
/// </summary>
public sealed partial class WarehouseMigrations(WarehouseSettings settings)
{
    static readonly Logger Log = LogManager.GetCurrentClassLogger();

    public TenantDirectory Directory { get; } = new(settings);

    MigrationTarget ControlTarget() => ForConnectionString("control", settings.Control.ConnectionString, "control");
    MigrationTarget WebTarget() => ForConnectionString("web", settings.Web.ConnectionString, "web");

    MigrationTarget ForConnectionString(string label, string connectionString, string folder) =>
        new(label, ConnectionStrings.ServerOf(connectionString), ConnectionStrings.DatabaseOf(connectionString),
            Path.Combine(settings.SqlRoot, folder));

    MigrationTarget TenantTarget(Tenant tenant) =>
        new($"tenant:{tenant.TenantId}", ConnectionStrings.ServerOf(Directory.GetPod(tenant.PodName).ConnectionString),
            tenant.Id.DatabaseName, Path.Combine(settings.SqlRoot, "tenant"));

    /// <summary>Resolves <c>control|web|tenant:&lt;id&gt;|all</c> to targets; the tenant id is validated before any SQL.</summary>
    public IReadOnlyList<MigrationTarget> Select(string selector)
    {
        switch (selector)
        {
            case "control": return [ControlTarget()];
            case "web": return [WebTarget()];
            case "all":
                return [ControlTarget(), WebTarget(), .. KnownTenants().Select(TenantTarget)];
        }
        if (selector.StartsWith("tenant:", StringComparison.Ordinal))
        {
            var id = TenantId.Parse(selector["tenant:".Length..]);
            return [TenantTarget(Directory.GetTenant(id))];
        }
        throw new BadInputException($"unknown --db '{selector}': use control, web, tenant:<id> or all");
    }

    // Before the control database has its tables there are no tenants to migrate.
    IReadOnlyList<Tenant> KnownTenants()
    {
        try { return Directory.Tenants(); }
        catch (MySqlException e) when (e.Number is 1049 or 1146) { return []; } // unknown database / table
    }

    public IReadOnlyList<MigrationStatus> Status(string selector) =>
        Select(selector).Select(t => t.Label == "control" ? ControlStatus(t) : StatusOf(t)).ToList();

    /// <summary>The control scripts' status, with Quartz's schema as one more pending item while Quartz would refuse it.</summary>
    MigrationStatus ControlStatus(MigrationTarget target)
    {
        var status = StatusOf(target);
        if (!status.Exists || status.Error is not null) return status;
        var problem = SyncBridge.Wait(WarehouseScheduler.SchemaProblem(settings));
        if (problem is null) return status;
        Log.Info("{database}: Quartz schema not ready: {problem}", target.Label, Secrets.MaskPasswords(problem));
        return status with { Pending = [.. status.Pending, QuartzSchemaItem] };
    }

    const string QuartzSchemaItem = "Quartz schema (QRTZ_ tables)";

    static MigrationStatus StatusOf(MigrationTarget target)
    {
        try { return new DatabaseMigrator(target).Status(); }
        catch (Exception e) when (e is MySqlException or IOException)
        {
            return new MigrationStatus(target.Label, target.Database, false, null, [], [], Secrets.MaskPasswords(e.Message));
        }
    }

    /// <summary>
    /// Why a run of the tenant must not start: its database or bf_web lacks a schema migration this
    /// code has, or one applied since changed. The run would otherwise fail half-way on a missing
    /// column ("Unknown column 'currency'") after new code was deployed without <c>migrate apply</c>.
    /// Null when both are current. Procedures whose text changed are left to <c>migrate apply</c>, which
    /// re-applies them with the schema; a database that is missing or unreachable fails the run on its own.
    /// </summary>
    public string? SchemaBehind(TenantId tenant)
    {
        var problems = new[] { WebTarget(), TenantTarget(Directory.GetTenant(tenant)) }.Select(StatusOf)
            .Where(s => s.Exists && s.Error is null)
            .Select(s => (Status: s, Versioned: s.Pending.Where(n => VersionedName().IsMatch(n)).ToList()))
            .Where(x => x.Versioned.Count > 0 || x.Status.Drift.Count > 0)
            .Select(x => x.Status.Drift.Count > 0
                ? $"{x.Status.Database}: {x.Status.Drift.Count} applied migration(s) changed since ({string.Join(", ", x.Status.Drift.Select(d => d.ScriptName))})"
                : $"{x.Status.Database} lacks {x.Versioned.Count} migration(s) of this code ({string.Join(", ", x.Versioned)})")
            .ToList();
        return problems.Count == 0 ? null : $"{string.Join("; ", problems)}: run bfw migrate apply --db all, then run again";
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{4}_[^/]+\.sql$")]
    private static partial System.Text.RegularExpressions.Regex VersionedName();

    /// <summary>Applies pending scripts database by database; control goes first so the tenants it lists are current.</summary>
    public IReadOnlyList<ApplyOutcome> Apply(string selector)
    {
        var outcomes = new List<ApplyOutcome>();
        var targets = selector == "all" ? [ControlTarget()] : Select(selector);
        foreach (var target in targets) outcomes.Add(target.Label == "control" ? ApplyControl(target) : ApplyOne(target));
        if (selector == "all")
            foreach (var target in Select("all").Skip(1)) outcomes.Add(ApplyOne(target));
        return outcomes;
    }

    /// <summary>
    /// Our control scripts, then Quartz's own schema: Quartz provisions its QRTZ_ tables itself
    /// (create what is missing, never alter), so <c>migrate apply --db control</c> is the one command
    /// that readies the control database and <c>bfw serve</c> only validates.
    /// </summary>
    ApplyOutcome ApplyControl(MigrationTarget target)
    {
        var outcome = ApplyOne(target);
        if (!outcome.Succeeded) return outcome;
        try
        {
            // Under the database's migration lock, so of two migrators at once only the one that created the tables says so.
            using var _ = MigrationLock.Acquire(target.ServerConnectionString, target.Database, TimeSpan.FromMinutes(5));
            var before = QuartzTableCount();
            SyncBridge.Wait(WarehouseScheduler.ProvisionSchema(settings));
            var created = QuartzTableCount() - before;
            // Pods registered before passwords were sealed: sealed now, so no password stays in clear.
            var sealedPods = Directory.PodsStoredInClear();
            if (sealedPods.Count > 0) Directory.ResealPasswords(newKey: false);
            var applied = outcome.Applied.ToList();
            if (created > 0)
            {
                Log.Info("{database}: created {count} Quartz tables", target.Label, created);
                applied.Add($"Quartz schema ({created} QRTZ_ tables)");
            }
            if (sealedPods.Count > 0) applied.Add($"pod passwords sealed with the key ring {settings.KeyRing} ({string.Join(", ", sealedPods)})");
            return outcome with { Applied = applied };
        }
        catch (Exception e)
        {
            var message = Secrets.MaskPasswords(e.Message);
            Log.Error("{database}: Quartz schema: {error}", target.Label, message);
            return outcome with { Error = $"Quartz schema: {message}" };
        }
    }

    int QuartzTableCount()
    {
        using var c = DbConnections.Control(settings.Control.ConnectionString);
        return c.ExecuteScalar<int>("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE 'QRTZ\\_%'");
    }

    static ApplyOutcome ApplyOne(MigrationTarget target)
    {
        try
        {
            var applied = new DatabaseMigrator(target).Apply();
            foreach (var name in applied) Log.Info("{database}: applied {script}", target.Label, name);
            return new ApplyOutcome(target.Label, target.Database, applied, null);
        }
        catch (Exception e) when (e is MigrationDriftException or MigrationFailedException or MySqlException or TimeoutException or IOException)
        {
            var message = Secrets.MaskPasswords(e.Message);
            Log.Error("{database}: {error}", target.Label, message);
            return new ApplyOutcome(target.Label, target.Database, [], message);
        }
    }

    /// <summary>Records a tenant on its pod and creates and migrates its database.</summary>
    public ApplyOutcome AddTenant(TenantId tenant, string podName, string timeZone = "UTC", string cron = TenantDirectory.DefaultCron)
    {
        var stored = Directory.AddTenant(tenant, podName, timeZone, cron);
        return ApplyTenant(stored);
    }

    /// <summary>Creates (if need be) and migrates a recorded tenant's database on its pod.</summary>
    public ApplyOutcome ApplyTenant(Tenant tenant) => ApplyOne(TenantTarget(tenant));
}
