using BrightFunnel.Warehouse.Console;
using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Impala.Engine;
using BrightFunnel.Warehouse.Orchestrator;
using BrightFunnel.Warehouse.Testing;

namespace BrightFunnel.Warehouse.Tests.Impala;

/// <summary>
/// SASL GSSAPI (Kerberos) end to end against a real MIT KDC: our client, configured as an operator
/// would (ImpalaSettings), against the local engine accepting with its own keytab, which runs
/// RFC 4752's last exchange as Impala's SASL server does.
/// </summary>
[TestClass]
[TestCategory("integration")]
[DoNotParallelize] // the Kerberos identity (ticket cache, client keytab) is the process's
public sealed class KerberosTests
{
    static TestKdc Kdc => TestKdc.Instance;

    static async Task<TestEngine> KerberizedEngine() => await Task.FromResult(TestEngine.Start(new LocalImpalaEngineOptions { KerberosKeytab = Kdc.ServiceKeytab }));

    static ImpalaSettings Settings(TestEngine engine, string? keytab = null, string? cache = null, string? host = "localhost", string transport = "binary") =>
        new() { Host = "127.0.0.1", Port = engine.Engine.Port, Transport = transport, Auth = "kerberos", KerberosHost = host, Keytab = keytab, TicketCache = cache, Root = engine.Root };

    static async Task<long> Sum(ImpalaSettings settings)
    {
        var o = settings.ClientOptions();
        await using var session = await Hs2Session.OpenAsync(new Hs2Options
        {
            Host = o.Host, Port = o.Port, Transport = o.Transport, Auth = o.Auth, KerberosService = o.KerberosService, KerberosHost = o.KerberosHost,
            KerberosKeytab = o.KerberosKeytab, KerberosTicketCache = o.KerberosTicketCache, MaxRetries = 0,
        });
        return (long)(await session.QueryAsync($"SELECT sum(n) FROM {ImpalaNumbers.Upto(10)} r")).Rows.Single()[0]!;
    }

    [TestMethod]
    public async Task AValidTicketFromAKeytabOrAKinitCacheOpensASession()
    {
        await using var engine = await KerberizedEngine();
        Assert.AreEqual(45L, await Sum(Settings(engine, keytab: Kdc.ClientKeytab, cache: Kdc.EmptyCache())), "from the client keytab");
        Assert.AreEqual(45L, await Sum(Settings(engine, cache: Kdc.Kinit())), "from a kinit ticket cache");
    }

    [TestMethod]
    public async Task AbsentOrExpiredTicketsAreNamedWithoutSecrets()
    {
        await using var engine = await KerberizedEngine();
        var absent = Kdc.EmptyCache();
        var e = await Assert.ThrowsExactlyAsync<Hs2AuthenticationException>(() => Sum(Settings(engine, cache: absent)));
        StringAssert.Contains(e.Message, $"Kerberos: no valid Kerberos ticket in {absent}");
        StringAssert.Contains(e.Message, "run kinit, or set Impala.Keytab");

        var expiring = Kdc.Kinit("2s");
        await Task.Delay(TimeSpan.FromSeconds(3));
        var expired = await Assert.ThrowsExactlyAsync<Hs2AuthenticationException>(() => Sum(Settings(engine, cache: expiring)));
        StringAssert.Contains(expired.Message, $"no valid Kerberos ticket in {expiring} (absent or expired)");
        var keytabBytes = Convert.ToBase64String(File.ReadAllBytes(Kdc.ClientKeytab));
        Assert.DoesNotContain(keytabBytes, e.ToString() + expired);
    }

    [TestMethod]
    public async Task AServicePrincipalTheKdcDoesNotKnowIsNamed()
    {
        await using var engine = await KerberizedEngine();
        var e = await Assert.ThrowsExactlyAsync<Hs2AuthenticationException>(() => Sum(Settings(engine, cache: Kdc.Kinit(), host: "nohost")));
        StringAssert.Contains(e.Message, "no service ticket for impala/nohost");
        StringAssert.Contains(e.Message, "Impala.KerberosHost");
    }

    [TestMethod]
    public async Task AKerberosOnlyEngineRefusesPlainAndBfwImpalaCheckPassesWithAKeytab()
    {
        await using var engine = await KerberizedEngine();
        var plain = await Assert.ThrowsExactlyAsync<Hs2AuthenticationException>(() =>
            Hs2Session.OpenAsync(engine.Options(Hs2TransportMode.Binary, Hs2AuthMechanism.Plain, "mallory", "anything")));
        StringAssert.Contains(plain.Message, "Unsupported mechanism type PLAIN");

        using var tenant = new TestTenant();
        tenant.Settings.Impala = Settings(engine, keytab: Kdc.ClientKeytab, cache: Kdc.EmptyCache());
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.AreEqual(0, new BfwConsole(tenant.Settings, output, error).Run(["impala", "check"]), output + error.ToString());
        StringAssert.Contains(output.ToString(), "Kerberos, service impala/localhost");
    }

    [TestMethod]
    public async Task SpnegoOnTheHttpTransportOpensASessionAndAnAbsentTicketIsNamed()
    {
        await using var engine = await KerberizedEngine();
        Assert.AreEqual(45L, await Sum(Settings(engine, cache: Kdc.Kinit(), transport: "http")), "SPNEGO with a kinit ticket");
        Assert.AreEqual(45L, await Sum(Settings(engine, keytab: Kdc.ClientKeytab, cache: Kdc.EmptyCache(), transport: "http")), "SPNEGO from the client keytab");
        var absent = Kdc.EmptyCache();
        var e = await Assert.ThrowsExactlyAsync<Hs2AuthenticationException>(() => Sum(Settings(engine, cache: absent, transport: "http")));
        StringAssert.Contains(e.Message, $"no valid Kerberos ticket in {absent}");
    }

    [TestMethod]
    public async Task WebHdfsStagingAuthenticatesWithSpnegoOnAKerberosCluster()
    {
        await using var engine = await KerberizedEngine(); // its start makes the keytab (with HTTP/127.0.0.1) the acceptor's
        await using var namenode = new FakeWebHdfs(engine.Root) { RequireSpnego = true };
        var settings = Settings(engine, keytab: Kdc.ClientKeytab, cache: Kdc.EmptyCache());
        settings.WebHdfsUrl = namenode.Namenode.ToString();
        settings.WebHdfsPath = "/";

        var store = settings.StagingStore();
        await store.WriteFileAsync("spnego/t/part-0.txt", s => s.WriteAsync("x"u8.ToArray()).AsTask(), CancellationToken.None);
        await store.DeleteFolderAsync("spnego", CancellationToken.None);

        CollectionAssert.AreEqual(new[] { TestKdc.Client, TestKdc.Client }, namenode.SpnegoUsers.ToArray(), "CREATE and DELETE as the client principal");

        settings.WebHdfsAuth = "simple";
        var refused = await Assert.ThrowsExactlyAsync<IOException>(() =>
            settings.StagingStore().WriteFileAsync("spnego/t/part-1.txt", s => s.WriteAsync("x"u8.ToArray()).AsTask(), CancellationToken.None));
        StringAssert.Contains(refused.Message, "HTTP 401");
    }
}
