using BrightFunnel.Warehouse.Console;
using BrightFunnel.Warehouse.Orchestrator;

namespace BrightFunnel.Warehouse.Tests.Console;

/// <summary>
/// Bad usage is refused with words that name the option or argument, before any SQL: the
/// databases configured here are unreachable, so a refusal can only come from validation.
/// </summary>
[TestClass]
public sealed class ConsoleUsageTests
{
    static readonly WarehouseSettings Unreachable = new()
    {
        Control = new DatabaseSettings { ConnectionString = "Server=127.0.0.1;Port=1;User ID=x;Password=secret;Database=nowhere;Connection Timeout=1" },
        Web = new DatabaseSettings { ConnectionString = "Server=127.0.0.1;Port=1;User ID=x;Password=secret;Database=nowhere_web;Connection Timeout=1" },
    };

    static (int Code, string Out, string Err) Bfw(WarehouseSettings settings, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = new BfwConsole(settings, output, error).Run(args);
        return (code, output.ToString(), error.ToString());
    }

    [TestMethod]
    [DataRow(new[] { "report", "demo", "--bogus" }, "unknown option --bogus")]
    [DataRow(new[] { "report", "demo", "--bogus", "--json" }, "unknown option --bogus")]
    [DataRow(new[] { "runs", "--limit", "-1" }, "--limit must be an integer between 1 and 10000, got '-1'")]
    [DataRow(new[] { "runs", "--limit", "ten" }, "--limit must be an integer between 1 and 10000, got 'ten'")]
    [DataRow(new[] { "report", "demo", "--top", "0" }, "--top must be an integer between 1 and 10000, got '0'")]
    [DataRow(new[] { "pod", "add", "p", "--connection", "Server=h", "--max-concurrent", "0" }, "--max-concurrent must be an integer between 1 and 1000, got '0'")]
    [DataRow(new[] { "tenant", "list", "extra" }, "unexpected argument 'extra'")]
    [DataRow(new[] { "runs", "foo" }, "unexpected argument 'foo'")]
    [DataRow(new[] { "status", "now" }, "unexpected argument 'now'")]
    [DataRow(new[] { "ingest", "demo", "dir", "more" }, "unexpected argument 'more'")]
    [DataRow(new[] { "tenant", "remove", "demo", "--yes=please" }, "--yes takes no value, got 'please'")]
    [DataRow(new[] { "tenant", "add", "demo", "--pod" }, "option --pod needs a value")]
    [DataRow(new[] { "tenant", "list", "--wait" }, "unknown option --wait")]
    [DataRow(new[] { "web", "user", "add", "demo" }, "missing e-mail")]
    [DataRow(new[] { "web", "token", "add", "demo", "extra" }, "unexpected argument 'extra'")]
    [DataRow(new[] { "web", "token", "add", "Bad Tenant!" }, "Bad Tenant!")]
    [DataRow(new[] { "web", "users" }, "usage: bfw web user add <tenant> <email> | web user list [<tenant>] [--json] | web user remove <tenant> <email> [--yes] | web token add <tenant> [--expires 90d|never]")]
    [DataRow(new[] { "migrate", "doc", "--db", "web" }, "unknown option --db")]
    [DataRow(new[] { "migrate", "doc", "--out", "/no-such-bfw-folder/schema.md" }, "--out /no-such-bfw-folder/schema.md: folder /no-such-bfw-folder does not exist")]
    [DataRow(new[] { "migrate", "docs" }, "unknown migrate action 'docs': use plan, apply, status, validate or doc")]
    [DataRow(new[] { "repor", "demo" }, "unknown command 'repor' (did you mean 'report'?)")]
    [DataRow(new[] { "tenatn", "list" }, "unknown command 'tenatn' (did you mean 'tenant'?)")]
    public void BadUsageNamesTheOptionOrArgumentAndExitsTwo(string[] args, string message)
    {
        var (code, _, stderr) = Bfw(Unreachable, args);
        Assert.AreEqual(BfwConsole.BadUsage, code, stderr);
        StringAssert.Contains(stderr, message);
    }

    [TestMethod]
    [DataRow("garbage")]
    [DataRow("Password=hunter2;garbage")]
    [DataRow("User ID=bfw;Password=hunter2")]
    public void AGarbageConnectionStringIsCalledInvalidWithoutItsPassword(string connection)
    {
        var (code, stdout, stderr) = Bfw(Unreachable, "pod", "add", "p", "--connection", connection);
        Assert.AreEqual(BfwConsole.BadUsage, code, stderr);
        StringAssert.Contains(stderr, "pod p: --connection");
        StringAssert.Matches(stderr, new System.Text.RegularExpressions.Regex("is not a valid connection string|names no server"));
        Assert.DoesNotContain("hunter2", stderr + stdout);
    }

    [TestMethod]
    public void WithoutConfigurationADatabaseVerbSaysWhatItNeedsInsteadOfGuessingAServer()
    {
        var (code, stdout, stderr) = Bfw(new WarehouseSettings(), "tenant", "list");
        Assert.AreEqual(BfwConsole.BadUsage, code, stdout + stderr);
        foreach (var needed in new[] { "Control:ConnectionString", "Web:ConnectionString", "bfw.json", "BFW__Control__ConnectionString", "BFW_DB_PORT" })
            StringAssert.Contains(stderr, needed);
    }

    [TestMethod]
    public void HelpNeedsNoConfiguration()
    {
        var (code, stdout, _) = Bfw(new WarehouseSettings(), "help");
        Assert.AreEqual(BfwConsole.Ok, code);
        StringAssert.Contains(stdout, "tenant remove");
    }

    [TestMethod]
    [DataRow(new[] { "generate", "--help" }, "generate <tenant> --size S|M|L", "report <tenant>")]
    [DataRow(new[] { "report", "demo", "--help" }, "report <tenant> [--stage pipeline|revenue]", "generate <tenant>")]
    [DataRow(new[] { "abm", "list", "-h" }, "abm report <tenant> <list>", "tenant add")]
    [DataRow(new[] { "runs", "--help" }, "runs show <run-id>", "schedule list")]
    [DataRow(new[] { "events", "ship", "--help" }, "events status <tenant>", "web site add")]
    public void AVerbsHelpPrintsItsOwnUsageLinesWithoutConfigurationOrItsArguments(string[] args, string shown, string notShown)
    {
        var (code, stdout, stderr) = Bfw(new WarehouseSettings(), args);
        Assert.AreEqual(BfwConsole.Ok, code, stderr);
        StringAssert.Contains(stdout, shown);
        Assert.DoesNotContain(notShown, stdout);
    }

    [TestMethod]
    public void HelpAfterAWordThatIsNoVerbIsStillAnUnknownCommand()
    {
        var (code, _, stderr) = Bfw(Unreachable, "repor", "--help");
        Assert.AreEqual(BfwConsole.BadUsage, code);
        StringAssert.Contains(stderr, "unknown command 'repor' (did you mean 'report'?)");
    }

    [TestMethod]
    public void KnownSwitchesMayStandBeforeAPositionalAndValuesMayBeJoinedWithEquals()
    {
        var args = new CommandArgs(["--wait", "demo", "--from=attribute", "--tenant", "acme", "--json"]);
        Assert.IsTrue(args.Switch("wait"));
        Assert.AreEqual("demo", args.Positional(0, "tenant id"));
        Assert.AreEqual(("attribute", "acme"), (args.Option("from"), args.Option("tenant")));
        Assert.IsTrue(args.Switch("json"));
        args.RejectUnused();
    }

    [TestMethod]
    public void AWordFarFromEveryCommandGetsNoSuggestionAndEveryCommandIsInTheUsage()
    {
        var (code, _, stderr) = Bfw(Unreachable, "xyzzy");
        Assert.AreEqual(BfwConsole.BadUsage, code);
        StringAssert.Contains(stderr, "unknown command 'xyzzy'\n");
        foreach (var verb in new[] { "migrate", "pod", "tenant", "ingest", "rejects", "filter", "abm", "run", "runs", "cancel", "logs", "schedule",
                                     "status", "gc", "serve", "report", "explain", "generate", "impala", "web", "events" })
        {
            StringAssert.Contains(BfwConsole.Usage, $" {verb} ", $"the usage lists {verb}");
        }
    }
}
