using BrightFunnel.Warehouse.Testing;
using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Impala.Engine;

namespace BrightFunnel.Warehouse.Tests.Impala;

/// <summary>Every transport and authentication our client speaks, against the local engine over TCP.</summary>
[TestClass]
[TestCategory("integration")]
public sealed class Hs2TransportTests
{
    static readonly Dictionary<string, string> Users = new() { ["analyst"] = "s3cret-pw" };

    static async Task<long> SumAsync(Hs2Options options)
    {
        await using var session = await Hs2Session.OpenAsync(options);
        var result = await session.QueryAsync($"SELECT sum(n) AS s, count(*) AS c FROM {ImpalaNumbers.Upto(1000)} r");
        return (long)result.Rows.Single()[0]!;
    }

    [TestMethod]
    public async Task SaslPlainWithRightPasswordIsAccepted()
    {
        await using var engine = TestEngine.Start(new LocalImpalaEngineOptions { Users = Users });
        var options = engine.Options(auth: Hs2AuthMechanism.Plain, user: "analyst", password: "s3cret-pw");
        Assert.AreEqual(499500L, await SumAsync(options));
        await using var session = await Hs2Session.OpenAsync(options);
        await using var op = await session.ExecuteAsync("SELECT 1");
        StringAssert.Contains(await op.GetRuntimeProfileAsync(), "User: analyst");
    }

    [TestMethod]
    public async Task SaslPlainWithWrongPasswordIsRefusedWithoutLeakingIt()
    {
        await using var engine = TestEngine.Start(new LocalImpalaEngineOptions { Users = Users });
        var e = await Assert.ThrowsExactlyAsync<Hs2AuthenticationException>(() =>
            SumAsync(engine.Options(auth: Hs2AuthMechanism.Plain, user: "analyst", password: "wrong-pw-123")));
        StringAssert.Contains(e.Message, "Error validating the login");
        StringAssert.Contains(e.Message, "analyst");
        Assert.DoesNotContain("wrong-pw-123", e.ToString());
    }

    [TestMethod]
    public async Task UnauthenticatedClientOnAnLdapEngineGetsAClearError()
    {
        await using var engine = TestEngine.Start(new LocalImpalaEngineOptions { Users = Users });
        var e = await Assert.ThrowsExactlyAsync<Hs2ConnectionException>(() => SumAsync(engine.Options()));
        StringAssert.Contains(e.Message, "OpenSession");
        StringAssert.Contains(e.Message, "closed the connection");
    }

    [TestMethod]
    public async Task HttpWithBasicAuthKeepsTheSessionCookie()
    {
        await using var engine = TestEngine.Start(new LocalImpalaEngineOptions { Users = Users });
        var options = engine.Options(Hs2TransportMode.Http, Hs2AuthMechanism.Plain, "analyst", "s3cret-pw");
        Assert.AreEqual(499500L, await SumAsync(options));
        Assert.AreEqual(1, engine.Engine.HttpCookiesIssued, "one Basic authentication, then the cookie");
        await engine.AssertAllClosedAsync();
    }

    [TestMethod]
    public async Task HttpWithWrongPasswordIsRefused()
    {
        await using var engine = TestEngine.Start(new LocalImpalaEngineOptions { Users = Users });
        var e = await Assert.ThrowsExactlyAsync<Hs2AuthenticationException>(() =>
            SumAsync(engine.Options(Hs2TransportMode.Http, Hs2AuthMechanism.Plain, "analyst", "nope-nope")));
        StringAssert.Contains(e.Message, "401");
        Assert.DoesNotContain("nope-nope", e.ToString());
    }

    [TestMethod]
    public async Task HttpWithoutAuthOnAnOpenEngine()
    {
        await using var engine = TestEngine.Start();
        Assert.AreEqual(499500L, await SumAsync(engine.Options(Hs2TransportMode.Http)));
    }

    [TestMethod]
    public async Task TlsOnBinarySaslAndOnHttp()
    {
        await using var engine = TestEngine.Start(new LocalImpalaEngineOptions { Users = Users, Certificate = TestCertificates.Server });
        foreach (var transport in new[] { Hs2TransportMode.Binary, Hs2TransportMode.Http })
        {
            var o = engine.Options(transport, Hs2AuthMechanism.Plain, "analyst", "s3cret-pw");
            var tls = new Hs2Options
            {
                Host = o.Host, Port = o.Port, Transport = o.Transport, Auth = o.Auth, User = o.User, Password = o.Password,
                UseTls = true, ServerCertificateValidation = TestCertificates.TrustOnlyServer,
                PollInitialDelay = o.PollInitialDelay, PollMaxDelay = o.PollMaxDelay,
            };
            Assert.AreEqual(499500L, await SumAsync(tls), transport.ToString());
        }
    }

    [TestMethod]
    public async Task TlsClientAgainstUntrustedCertificateFailsClearly()
    {
        await using var engine = TestEngine.Start(new LocalImpalaEngineOptions { Certificate = TestCertificates.Server });
        var o = engine.Options();
        var e = await Assert.ThrowsExactlyAsync<Hs2ConnectionException>(() => SumAsync(new Hs2Options
        {
            Host = o.Host, Port = o.Port, UseTls = true, MaxRetries = 0,
        }));
        StringAssert.Contains(e.Message, "binary+tls://127.0.0.1");
    }

    /// <summary>LDAP over TLS to <paramref name="engine"/>, configured as an operator would (ImpalaSettings); no retries.</summary>
    static Hs2Options Configured(TestEngine engine, Hs2TransportMode transport, string? caFile = null, string? pin = null, string password = "s3cret-pw")
    {
        var o = new BrightFunnel.Warehouse.Orchestrator.ImpalaSettings
        {
            Host = "127.0.0.1", Port = engine.Engine.Port, Transport = transport.ToString(), User = "analyst", Password = password,
            UseTls = true, TlsCaFile = caFile, TlsPinnedSha256 = pin,
        }.ClientOptions();
        return new Hs2Options
        {
            Host = o.Host, Port = o.Port, Transport = o.Transport, Auth = o.Auth, User = o.User, Password = o.Password,
            UseTls = true, CertificatePolicy = o.CertificatePolicy, MaxRetries = 0,
        };
    }

    /// <summary>LDAP over TLS with a real self-signed certificate.</summary>
    [TestMethod]
    public async Task ASelfSignedCertificateIsRefusedUnlessItsCaIsTrustedOrItIsPinned()
    {
        await using var engine = TestEngine.Start(new LocalImpalaEngineOptions { Users = Users, Certificate = TestCertificates.Server });
        var ca = Path.GetTempFileName();
        File.WriteAllText(ca, TestCertificates.Server.ExportCertificatePem());
        try
        {
            var fingerprint = BrightFunnel.Warehouse.Impala.Transport.ServerCertificatePolicy.Fingerprint(TestCertificates.Server);
            foreach (var transport in new[] { Hs2TransportMode.Binary, Hs2TransportMode.Http })
            {
                var refused = await Assert.ThrowsExactlyAsync<Hs2ConnectionException>(() => SumAsync(Configured(engine, transport)), transport.ToString());
                StringAssert.Contains(refused.Message, "the server's TLS certificate was refused: it is not trusted", transport.ToString());
                StringAssert.Contains(refused.Message, $"SHA-256 {fingerprint}");
                StringAssert.Contains(refused.Message, "Impala.TlsCaFile");
                StringAssert.Contains(refused.Message, "Impala.TlsPinnedSha256");

                Assert.AreEqual(499500L, await SumAsync(Configured(engine, transport, caFile: ca)), $"{transport}: its CA trusted");
                Assert.AreEqual(499500L, await SumAsync(Configured(engine, transport, pin: fingerprint.ToLowerInvariant())), $"{transport}: pinned");

                var wrongPin = await Assert.ThrowsExactlyAsync<Hs2ConnectionException>(() => SumAsync(Configured(engine, transport, pin: new string('0', 64))));
                StringAssert.Contains(wrongPin.Message, "is not the one pinned in Impala.TlsPinnedSha256");
            }
            var badPassword = await Assert.ThrowsExactlyAsync<Hs2AuthenticationException>(() => SumAsync(Configured(engine, Hs2TransportMode.Binary, pin: fingerprint, password: "wrong-pw-42")));
            Assert.DoesNotContain("wrong-pw-42", badPassword.ToString());
            var badSetting = Assert.ThrowsExactly<BrightFunnel.Warehouse.Orchestrator.BadInputException>(() => new BrightFunnel.Warehouse.Orchestrator.ImpalaSettings { UseTls = true, TlsPinnedSha256 = "abc" }.ClientOptions());
            StringAssert.Contains(badSetting.Message, "Impala.TlsPinnedSha256 must be a SHA-256 fingerprint");
        }
        finally
        {
            File.Delete(ca);
        }
    }

    /// <summary>Its CA trusted, yet refused for what is wrong with the certificate itself: the operator reads which, and what would fix it.</summary>
    [TestMethod]
    public async Task AnExpiredOrMisnamedCertificateIsRefusedNamingWhy()
    {
        foreach (var (certificate, why, fix) in new[]
        {
            (TestCertificates.Expired, "the server's TLS certificate was refused: it expired on ", "Trust its CA with Impala.TlsCaFile"),
            (TestCertificates.ForOtherHost, $"the server's TLS certificate was refused: its name does not match the host (it is for {TestCertificates.OtherHost})", "Connect by a name it holds (Impala.Host)"),
        })
        {
            await using var engine = TestEngine.Start(new LocalImpalaEngineOptions { Users = Users, Certificate = certificate });
            var ca = Path.GetTempFileName();
            File.WriteAllText(ca, certificate.ExportCertificatePem());
            try
            {
                var refused = await Assert.ThrowsExactlyAsync<Hs2ConnectionException>(() => SumAsync(Configured(engine, Hs2TransportMode.Binary, caFile: ca)), why);
                StringAssert.Contains(refused.Message, why);
                Assert.DoesNotContain("not trusted", refused.Message, "its CA is in Impala.TlsCaFile");
                StringAssert.Contains(refused.Message, fix);
                StringAssert.Contains(refused.Message, "Impala.TlsPinnedSha256");
                Assert.DoesNotContain("s3cret-pw", refused.ToString());

                var pin = BrightFunnel.Warehouse.Impala.Transport.ServerCertificatePolicy.Fingerprint(certificate);
                Assert.AreEqual(499500L, await SumAsync(Configured(engine, Hs2TransportMode.Binary, pin: pin)), $"{why}: pinned on purpose");
            }
            finally
            {
                File.Delete(ca);
            }
        }
    }

    [TestMethod]
    public async Task ServerAnswerBelowV6IsHonouredWithRowBasedResults()
    {
        await using var engine = TestEngine.Start(new LocalImpalaEngineOptions { MaxProtocolVersion = 5 });
        await using var session = await engine.OpenSessionAsync();
        Assert.AreEqual(5, session.ProtocolVersion);
        var result = await session.QueryAsync(
            $"SELECT n AS n, CASE WHEN n = 1 THEN NULL ELSE concat('s', CAST(n AS STRING)) END AS s, CAST(n AS DECIMAL(5,1)) AS d, n % 2 = 0 AS even FROM {ImpalaNumbers.Upto(3)} r");
        Assert.AreEqual(3, result.Rows.Count);
        CollectionAssert.AreEqual(new object?[] { 0L, "s0", 0.0m, true }, result.Rows[0]);
        CollectionAssert.AreEqual(new object?[] { 1L, null, 1.0m, false }, result.Rows[1]);
    }
}
