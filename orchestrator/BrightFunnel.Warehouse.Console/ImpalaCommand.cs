using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using System.Runtime.InteropServices;
using BrightFunnel.Warehouse.Impala.Engine;
using BrightFunnel.Warehouse.Impala.Engine.Sql.Dialect;
using BrightFunnel.Warehouse.Orchestrator;

namespace BrightFunnel.Warehouse.Console;

/// <summary><c>bfw impala serve [--port 21050] [--root DIR] [--reserved-words-version 2.11|3.0] [--statement-log FILE] [--profile DIR] [--kerberos-principal P --keytab FILE]</c>: runs the local Impala engine until Ctrl+C or SIGTERM.</summary>
sealed class ImpalaCommand(ImpalaSettings settings, BfwConsole console)
{
    public int Run(CommandArgs args)
    {
        var action = args.Positional(0, "impala action (serve or check)");
        if (action == "check") return Check(args);
        if (action != "serve") throw new BadInputException($"unknown impala action '{action}': use serve or check");
        var port = args.IntOption("port", settings.Port, 0, 65535);
        var root = args.Option("root", settings.Root);
        var version = ReservedWords(args.Option("reserved-words-version"));
        var statementLog = args.Option("statement-log");
        var profile = args.Option("profile");
        if (profile is not null)
        {
            try { Directory.CreateDirectory(profile); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new BadInputException($"--profile {profile}: cannot make the folder: {e.Message}");
            }
        }
        var keytab = args.Option("keytab");
        if (keytab is not null && !File.Exists(keytab)) throw new BadInputException($"--keytab {keytab} does not exist");
        var principal = args.Option("kerberos-principal");
        args.RejectUnused();
        using var stop = new CancellationTokenSource();
        System.Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        return Serve(port, root, stop.Token, version, statementLog, keytab, principal, profile);
    }

    /// <summary><c>bfw impala check [--json]</c>: the preflight before a tenant moves to engine = impala; exit 1 on any failure.</summary>
    int Check(CommandArgs args)
    {
        var json = args.Switch("json");
        args.RejectUnused();
        var checks = SyncBridge.Wait(new ClusterPreflight(settings).RunAsync(console.Stop));
        var ok = checks.All(c => c.Ok);
        if (json) console.PrintJson(new { ok, checks = checks.Select(c => new { check = c.Name, ok = c.Ok, detail = c.Detail }) });
        else
        {
            var table = new TextTable("check", "result", "detail");
            foreach (var c in checks) table.Add(c.Name, c.Ok ? "ok" : "FAIL", c.Detail);
            console.Print(table.ToString());
            console.Print(ok ? "the cluster can take the offload: set engine=impala on a tenant (bfw tenant config T --set engine=impala)"
                : $"{checks.Count(c => !c.Ok)} check(s) failed: fix them before moving a tenant to engine=impala");
        }
        return ok ? BfwConsole.Ok : BfwConsole.Failed;
    }

    /// <summary>The option, else the setting; either must be a version Impala's flag knows.</summary>
    ReservedWordsVersion ReservedWords(string? option)
    {
        var (source, text) = option is null ? ("setting Impala.ReservedWordsVersion", settings.ReservedWordsVersion) : ("--reserved-words-version", option);
        return ReservedWordsVersions.Parse(text) ?? throw new BadInputException($"{source} must be {ReservedWordsVersions.Names}, got '{text}'");
    }

    /// <summary>Serves until <paramref name="stop"/> fires; separate from argument parsing so tests can drive it.</summary>
    /// <param name="statementLog">a file every client statement is appended to (JSON lines), or null.</param>
    /// <param name="keytab">the engine's Kerberos keytab: binary clients may then authenticate with SASL GSSAPI, HTTP clients with SPNEGO.</param>
    /// <param name="principal">the engine's service principal (Impala's --principal), which the keytab must hold.</param>
    /// <param name="profile">a folder where every statement that writes a table leaves DuckDB's profile of it, or null.</param>
    public int Serve(int port, string root, CancellationToken stop, ReservedWordsVersion version = ReservedWordsVersion.Impala3_0, string? statementLog = null,
        string? keytab = null, string? principal = null, string? profile = null)
    {
        var options = new LocalImpalaEngineOptions
        {
            ReservedWordsVersion = version, StatementLog = statementLog, KerberosKeytab = keytab, KerberosPrincipal = principal, ProfileFolder = profile,
        };
        LocalImpalaEngine engine;
        try { engine = LocalImpalaEngine.Start(port, root, options); }
        catch (ArgumentException e) when (keytab is not null || principal is not null) { throw new BadInputException($"--kerberos-principal/--keytab: {e.Message}"); }
        using var _ = engine;
        var kerberos = keytab is null ? "" : $" and GSSAPI, SPNEGO as {principal ?? "any principal of " + keytab}";
        console.Print($"local Impala engine listening on {engine.Address}:{engine.Port} (HS2 binary, SASL PLAIN{kerberos}, HTTP /cliservice), root {engine.Root}, reserved words {version.Name()}");
        console.Print("Ctrl+C stops it");
        stop.WaitHandle.WaitOne();
        console.Print("local Impala engine stopped");
        return BfwConsole.Ok;
    }
}
