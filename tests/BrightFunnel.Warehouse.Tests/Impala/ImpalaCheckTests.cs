using System.Diagnostics;
using System.Text.Json;
using BrightFunnel.Warehouse.Console;
using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;

namespace BrightFunnel.Warehouse.Tests.Impala;

/// <summary><c>bfw impala check</c>, the preflight before a tenant moves to engine = impala, against the local engine.</summary>
[TestClass]
[TestCategory("integration")]
public sealed class ImpalaCheckTests
{
    internal static (int Code, string Out, string Err) Check(ImpalaSettings impala, params string[] extra)
    {
        using var tenant = new TestTenant();
        tenant.Settings.Impala = impala;
        var output = new StringWriter();
        var error = new StringWriter();
        var code = new BfwConsole(tenant.Settings, output, error).Run(["impala", "check", .. extra]);
        return (code, output.ToString(), error.ToString());
    }

    internal static IReadOnlyDictionary<string, (bool Ok, string Detail)> Checks(string json) =>
        JsonDocument.Parse(json).RootElement.GetProperty("checks").EnumerateArray()
            .ToDictionary(c => c.GetProperty("check").GetString()!, c => (c.GetProperty("ok").GetBoolean(), c.GetProperty("detail").GetString()!));

    [TestMethod]
    public async Task EveryCheckPassesAgainstTheLocalEngineAndNothingIsLeftBehind()
    {
        await using var engine = TestEngine.Start();

        var (code, output, error) = Check(engine.OffloadSettings(), "--json");

        Assert.AreEqual(0, code, output + error);
        var checks = Checks(output);
        Assert.HasCount(8, checks);
        Assert.IsTrue(checks.Values.All(c => c.Ok), output);
        StringAssert.StartsWith(checks["server is Impala"].Detail, "impalad version");
        await using var session = await engine.OpenSessionAsync();
        Assert.IsFalse((await session.QueryAsync("SHOW DATABASES")).Rows.Any(r => r[0]!.ToString()!.StartsWith("bfw_check_", StringComparison.Ordinal)), "no database left");
        Assert.IsFalse(Directory.Exists(Path.Combine(engine.Root, "bfw_check")) && Directory.EnumerateFileSystemEntries(Path.Combine(engine.Root, "bfw_check")).Any(), "no staged file left");
    }

    [TestMethod]
    public async Task AStagingStoreThatCannotBeWrittenIsNamed()
    {
        await using var engine = TestEngine.Start();
        using var readOnly = new Tmpfs("ro");
        var settings = engine.OffloadSettings();
        settings.Root = readOnly.Path;

        var (code, output, _) = Check(settings, "--json");

        Assert.AreEqual(BfwConsole.Failed, code);
        var checks = Checks(output);
        Assert.IsTrue(checks["create and drop a database"].Ok);
        Assert.IsFalse(checks["staging store: write a Parquet file"].Ok);
        StringAssert.Contains(checks["staging store: write a Parquet file"].Detail, "Read-only file system");
        StringAssert.Contains(checks["staging store: write a Parquet file"].Detail, $"read, write and execute on Impala.Root {readOnly.Path}");
        Assert.IsTrue(checks["clean up (drop database cascade, delete staged files)"].Ok, output);
    }

    [TestMethod]
    public async Task AWebHdfsStagingPathTheUserMayNotWriteIsNamed()
    {
        await using var engine = TestEngine.Start();
        await using var namenode = new FakeWebHdfs(engine.Root) { DenyWrites = true };
        var settings = engine.OffloadSettings();
        settings.WebHdfsUrl = namenode.Namenode.ToString();
        settings.WebHdfsPath = "/user/svc_bfw/staging";
        settings.WebHdfsUser = "svc_bfw";

        var (code, output, _) = Check(settings, "--json");

        Assert.AreEqual(BfwConsole.Failed, code, output);
        var checks = Checks(output);
        Assert.IsTrue(checks["create and drop a database"].Ok, output);
        var staging = checks["staging store: write a Parquet file"];
        Assert.IsFalse(staging.Ok, output);
        StringAssert.Contains(staging.Detail, "Permission denied: user=svc_bfw, access=WRITE");
        StringAssert.Contains(staging.Detail, $"grant the offload's user read, write and execute on Impala.WebHdfsPath /user/svc_bfw/staging at Impala.WebHdfsUrl {namenode.Namenode} (as Impala.WebHdfsUser svc_bfw)");
        Assert.IsFalse(checks.ContainsKey("external table over staging: REFRESH, COMPUTE STATS, read back"), "nothing staged to register");
        Assert.IsTrue(checks["create and alter a view"].Ok, output);
        var cleanup = checks["clean up (drop database cascade, delete staged files)"];
        Assert.IsTrue(cleanup.Ok, output);
        StringAssert.Contains(cleanup.Detail, "the write to it failed, so nothing is there");
        Assert.AreEqual(1, checks.Values.Count(c => !c.Ok), "one cause, one failure: " + output);
    }

    [TestMethod]
    public async Task AnEngineWhoseRootIsReadOnlyIsNamedAtTheFirstWrite()
    {
        // The root (its stand-in for HDFS) read-only, its catalog on a writable mount inside it.
        using var root = new Tmpfs("rw");
        Directory.CreateDirectory(System.IO.Path.Combine(root.Path, ".catalog"));
        root.Remount("ro");
        using var catalog = new Tmpfs("rw", System.IO.Path.Combine(root.Path, ".catalog"));
        await using var engine = TestEngine.StartOn(root.Path);

        var (code, output, _) = Check(engine.OffloadSettings(), "--json");

        Assert.AreEqual(BfwConsole.Failed, code, output);
        var failed = Checks(output).Where(c => !c.Value.Ok).ToList();
        Assert.IsNotEmpty(failed, output);
        Assert.IsTrue(failed.Any(c => c.Value.Detail.Contains("Read-only file system")), output);
    }

    /// <summary>What Hive's HiveServer2 answers to version() (CDP 7.1.7).</summary>
    const string HiveVersion = "3.1.3000.7.1.7.0-551 r6f3f2c8a7c4f3d9b0d2c1e1b9c6b5f4e3d2c1b0a";

    [TestMethod]
    public async Task AServerThatIsNotImpalaIsRefusedBeforeAnythingIsCreated()
    {
        await using var engine = TestEngine.Start(new BrightFunnel.Warehouse.Impala.Engine.LocalImpalaEngineOptions { Version = HiveVersion });

        var (code, output, _) = Check(engine.OffloadSettings(), "--json");

        Assert.AreEqual(BfwConsole.Failed, code, output);
        var checks = Checks(output);
        CollectionAssert.AreEqual(new[] { "connect", "server is Impala" }, checks.Keys.ToArray(), output);
        Assert.IsTrue(checks["connect"].Ok);
        Assert.IsFalse(checks["server is Impala"].Ok);
        StringAssert.Contains(checks["server is Impala"].Detail, $"this server is not Impala: version() says '{HiveVersion}'");
        await using var session = await engine.OpenSessionAsync();
        Assert.IsFalse((await session.QueryAsync("SHOW DATABASES")).Rows.Any(r => r[0]!.ToString()!.StartsWith("bfw_check_", StringComparison.Ordinal)), "nothing created on a server that is not Impala");
    }

    /// <summary>The built bfw in its own process, as an operator runs it: exit code and the printed table.</summary>
    [TestMethod]
    public async Task TheBfwProcessExitsOneOnAServerThatIsNotImpalaAndZeroOnTheLocalEngine()
    {
        await using var hive = TestEngine.Start(new BrightFunnel.Warehouse.Impala.Engine.LocalImpalaEngineOptions { Version = HiveVersion });
        await using var impala = TestEngine.Start();
        using var tenant = new TestTenant();

        tenant.Settings.Impala = hive.OffloadSettings();
        var refused = await BfwProcess.RunAsync(tenant.Settings, "impala", "check");
        tenant.Settings.Impala = impala.OffloadSettings();
        var passed = await BfwProcess.RunAsync(tenant.Settings, "impala", "check");

        Assert.AreEqual(BfwConsole.Failed, refused.Code, refused.Output + refused.Error);
        StringAssert.Contains(refused.Output, "FAIL");
        StringAssert.Contains(refused.Output, "this server is not Impala");
        StringAssert.Contains(refused.Output, "1 check(s) failed");
        Assert.AreEqual(BfwConsole.Ok, passed.Code, passed.Output + passed.Error);
        Assert.DoesNotContain("FAIL", passed.Output);
        StringAssert.Contains(passed.Output, "impalad version 4.4.0-bfw-local");
        StringAssert.Contains(passed.Output, "the cluster can take the offload");
    }

    [TestMethod]
    [DataRow("impalad version 3.4.0-SNAPSHOT RELEASE (build 5f5d6f1e)", true)]
    [DataRow("impalad version 4.4.0-bfw-local (the local Impala engine on DuckDB v1.5.6)", true)]
    [DataRow(HiveVersion, false)]
    [DataRow("v1.5.6", false)]
    public void OnlyImpalaIsTakenForImpala(string version, bool impala) => Assert.AreEqual(impala, ClusterPreflight.IsImpala(version));

    [TestMethod]
    public void AnEngineOnAReadOnlyRootSaysSoRatherThanBlamingAnotherEngine()
    {
        using var root = new Tmpfs("rw");
        Directory.CreateDirectory(System.IO.Path.Combine(root.Path, ".catalog"));
        root.Remount("ro");

        var e = Assert.ThrowsExactly<InvalidOperationException>(() => TestEngine.StartOn(root.Path));

        StringAssert.Contains(e.Message, "Read-only file system");
        Assert.DoesNotContain("held by another", e.Message);
    }

    [TestMethod]
    public async Task QueryOptionsOfTheSettingsAreSetOnTheOffloadsSessions()
    {
        await using var engine = TestEngine.Start();
        var settings = engine.OffloadSettings();
        settings.QueryOptions["REQUEST_POOL"] = "root.bfw";
        settings.QueryOptions["MEM_LIMIT"] = "2g";

        await using var session = await BrightFunnel.Warehouse.Impala.Client.Hs2Session.OpenAsync(settings.ClientOptions());
        var options = (await session.QueryAsync("SET")).Rows.ToDictionary(r => r[0]!.ToString()!, r => r[1]?.ToString());

        Assert.AreEqual("root.bfw", options["REQUEST_POOL"]);
        Assert.AreEqual("2g", options["MEM_LIMIT"]);
    }

    [TestMethod]
    public void AnUnknownAuthSettingIsBadInputNamingIt()
    {
        var (code, _, error) = Check(new ImpalaSettings { Auth = "kerbros" });
        Assert.AreEqual(BfwConsole.BadUsage, code);
        StringAssert.Contains(error, "Impala.Auth must be none, ldap or kerberos, got 'kerbros'");
    }
}
