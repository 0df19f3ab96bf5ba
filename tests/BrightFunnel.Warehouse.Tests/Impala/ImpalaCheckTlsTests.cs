using BrightFunnel.Warehouse.Console;
using BrightFunnel.Warehouse.Impala.Engine;
using BrightFunnel.Warehouse.Impala.Transport;

namespace BrightFunnel.Warehouse.Tests.Impala;

/// <summary>
/// <c>bfw impala check</c> against LDAP over TLS with a real self-signed certificate, configured only
/// through the settings an operator writes (User/Password, UseTls, TlsCaFile, TlsPinnedSha256).
/// </summary>
[TestClass]
[TestCategory("integration")]
public sealed class ImpalaCheckTlsTests
{
    const string Password = "s3cret-tls-pw";

    static TestEngine StartLdapOverTls() =>
        TestEngine.Start(new LocalImpalaEngineOptions { Users = new Dictionary<string, string> { ["svc_bfw"] = Password }, Certificate = TestCertificates.Server });

    static BrightFunnel.Warehouse.Orchestrator.ImpalaSettings Settings(TestEngine engine, string password = Password, string? pin = null, string? caFile = null)
    {
        var settings = engine.OffloadSettings();
        settings.User = "svc_bfw";
        settings.Password = password;
        settings.UseTls = true;
        settings.TlsPinnedSha256 = pin;
        settings.TlsCaFile = caFile;
        return settings;
    }

    [TestMethod]
    public async Task AnUntrustedCertificateFailsTheConnectCheckNamingTheTwoSettingsThatFixIt()
    {
        await using var engine = StartLdapOverTls();

        var (code, output, _) = ImpalaCheckTests.Check(Settings(engine), "--json");

        Assert.AreEqual(BfwConsole.Failed, code, output);
        var connect = ImpalaCheckTests.Checks(output)["connect"];
        Assert.IsFalse(connect.Ok, output);
        StringAssert.Contains(connect.Detail, "the server's TLS certificate was refused");
        StringAssert.Contains(connect.Detail, $"SHA-256 {ServerCertificatePolicy.Fingerprint(TestCertificates.Server)}");
        StringAssert.Contains(connect.Detail, "Impala.TlsCaFile");
        StringAssert.Contains(connect.Detail, "Impala.TlsPinnedSha256");
        Assert.DoesNotContain(Password, output);
    }

    [TestMethod]
    public async Task EveryCheckPassesWithThePinnedCertificateOrItsCaFile()
    {
        await using var engine = StartLdapOverTls();
        var ca = Path.GetTempFileName();
        File.WriteAllText(ca, TestCertificates.Server.ExportCertificatePem());
        try
        {
            var pinned = ImpalaCheckTests.Check(Settings(engine, pin: ServerCertificatePolicy.Fingerprint(TestCertificates.Server)), "--json");
            var trusted = ImpalaCheckTests.Check(Settings(engine, caFile: ca), "--json");

            Assert.AreEqual(BfwConsole.Ok, pinned.Code, pinned.Out + pinned.Err);
            Assert.IsTrue(ImpalaCheckTests.Checks(pinned.Out).Values.All(c => c.Ok), pinned.Out);
            Assert.AreEqual(BfwConsole.Ok, trusted.Code, trusted.Out + trusted.Err);
            Assert.DoesNotContain(Password, pinned.Out + pinned.Err + trusted.Out + trusted.Err);
        }
        finally
        {
            File.Delete(ca);
        }
    }

    [TestMethod]
    public async Task AWrongPasswordIsAnAuthenticationFailureWithThePasswordMasked()
    {
        await using var engine = StartLdapOverTls();

        var (code, output, error) = ImpalaCheckTests.Check(Settings(engine, password: "wr0ng-tls-pw", pin: ServerCertificatePolicy.Fingerprint(TestCertificates.Server)), "--json");

        Assert.AreEqual(BfwConsole.Failed, code, output);
        var connect = ImpalaCheckTests.Checks(output)["connect"];
        Assert.IsFalse(connect.Ok, output);
        StringAssert.Contains(connect.Detail, "Error validating the login");
        StringAssert.Contains(connect.Detail, "svc_bfw");
        Assert.DoesNotContain("wr0ng-tls-pw", output + error);
    }
}
