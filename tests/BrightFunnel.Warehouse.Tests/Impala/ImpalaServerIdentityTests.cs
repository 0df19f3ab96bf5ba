using BrightFunnel.Warehouse.Console;
using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Impala.Thrift;
using BrightFunnel.Warehouse.Orchestrator;

namespace BrightFunnel.Warehouse.Tests.Impala;

/// <summary>
/// How a client tells Impala from another HiveServer2: HS2 GetInfo, which the local engine answers
/// as impalad does, and <c>bfw impala check</c> refusing a server that calls itself Hive.
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class ImpalaServerIdentityTests
{
    [TestMethod]
    [DataRow(Hs2TransportMode.Binary)]
    [DataRow(Hs2TransportMode.Http)]
    public async Task TheLocalEngineAnswersGetInfoAsImpaladDoes(Hs2TransportMode transport)
    {
        await using var engine = TestEngine.Start();
        await using var session = await engine.OpenSessionAsync(engine.Options(transport));

        Assert.AreEqual("Impala", await session.GetInfoAsync(TGetInfoType.CLI_SERVER_NAME));
        Assert.AreEqual("Impala", await session.GetInfoAsync(TGetInfoType.CLI_DBMS_NAME));
        var build = await session.GetInfoAsync(TGetInfoType.CLI_DBMS_VER);
        var version = (await session.QueryAsync("SELECT version()")).Rows[0][0]!.ToString()!;
        StringAssert.StartsWith(version, $"impalad version {build} ");
    }

    [TestMethod]
    public async Task AGetInfoTypeImpalaDoesNotAnswerIsItsUnsupportedOperation()
    {
        await using var engine = TestEngine.Start();
        await using var session = await engine.OpenSessionAsync();

        // CLI_MAX_DRIVER_CONNECTIONS (0): impalad answers only the names and the version.
        var e = await Assert.ThrowsAsync<Hs2Exception>(() => session.GetInfoAsync((TGetInfoType)0));

        StringAssert.Contains(e.Message, "Unsupported operation");
    }

    [TestMethod]
    public async Task CheckRefusesAServerThatCallsItselfHiveWithoutRunningAnyStatement()
    {
        await using var hive = new FakeHiveServer();

        var (code, output, _) = ImpalaCheckTests.Check(new ImpalaSettings { Host = "127.0.0.1", Port = hive.Port }, "--json");

        Assert.AreEqual(BfwConsole.Failed, code, output);
        var checks = ImpalaCheckTests.Checks(output);
        CollectionAssert.AreEqual(new[] { "connect", "server is Impala" }, checks.Keys.ToArray(), output);
        Assert.IsTrue(checks["connect"].Ok, output);
        Assert.IsFalse(checks["server is Impala"].Ok, output);
        StringAssert.Contains(checks["server is Impala"].Detail, "this server is not Impala: it calls itself 'Apache Hive' (HS2 GetInfo CLI_DBMS_NAME)");
        Assert.IsEmpty(hive.Statements, "no statement may run on a server that is not Impala");
    }

    [TestMethod]
    public async Task AServerWithoutGetInfoIsJudgedByVersionAloneAndTheCheckStillReports()
    {
        await using var server = new FakeHiveServer { AnswersGetInfo = false };

        var (code, output, _) = ImpalaCheckTests.Check(new ImpalaSettings { Host = "127.0.0.1", Port = server.Port }, "--json");

        Assert.AreEqual(BfwConsole.Failed, code, output);
        var identity = ImpalaCheckTests.Checks(output)["server is Impala"];
        Assert.IsFalse(identity.Ok, output);
        StringAssert.Contains(identity.Detail, "the fake Hive server does not answer statements");
        CollectionAssert.AreEqual(new[] { "SELECT version()" }, server.Statements.ToArray());
    }
}
