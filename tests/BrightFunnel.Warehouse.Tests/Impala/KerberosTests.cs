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

    static ImpalaSettings Settings(TestEngine engine, string? keytab = null, string? cache = null, string? host = "localhost", string transport = "binary",
        string? principal = null, string service = "impala") => Settings(engine.Engine.Port, engine.Root, keytab, cache, host, transport, principal, service);

    static ImpalaSettings Settings(int port, string root, string? keytab = null, string? cache = null, string? host = "localhost", string transport = "binary",
        string? principal = null, string service = "impala") => new()
    {
        Host = "127.0.0.1", Port = port, Transport = transport, Auth = "kerberos", KerberosService = service, KerberosHost = host,
        KerberosPrincipal = principal, Keytab = keytab, TicketCache = cache, Root = root,
    };

    /// <summary>The keytab's bytes as a message could carry them (base64, hex): none may ever appear.</summary>
    static void AssertNoKeytabIn(string text)
    {
        foreach (var keytab in new[] { Kdc.ClientKeytab, Kdc.ServiceKeytab })
        {
            var bytes = File.ReadAllBytes(keytab);
            Assert.DoesNotContain(Convert.ToBase64String(bytes), text);
            Assert.DoesNotContain(Convert.ToHexString(bytes.AsSpan(bytes.Length - 16)), text, StringComparison.OrdinalIgnoreCase);
        }
    }

    static async Task<long> Sum(ImpalaSettings settings)
    {
        var o = settings.ClientOptions();
        await using var session = await Hs2Session.OpenAsync(new Hs2Options
        {
            Host = o.Host, Port = o.Port, Transport = o.Transport, Auth = o.Auth, KerberosService = o.KerberosService, KerberosHost = o.KerberosHost,
            KerberosPrincipal = o.KerberosPrincipal, KerberosKeytab = o.KerberosKeytab, KerberosTicketCache = o.KerberosTicketCache, MaxRetries = 0,
        });
        return (long)(await session.QueryAsync($"SELECT sum(n) FROM {ImpalaNumbers.Upto(10)} r")).Rows.Single()[0]!;
    }

    [TestMethod]
    public async Task AValidTicketFromAKeytabOrAKinitCacheOpensASession()
    {
        await using var engine = await KerberizedEngine();
        Assert.AreEqual(45L, await Sum(Settings(engine, keytab: Kdc.ClientKeytab, cache: Kdc.EmptyCache())), "from the client keytab into a cache set");
        Assert.AreEqual(45L, await Sum(Settings(engine, keytab: Kdc.ClientKeytab, principal: TestKdc.Client)), "from the client keytab into bfw's own cache");
        Assert.AreEqual(45L, await Sum(Settings(engine, cache: Kdc.Kinit())), "from a kinit ticket cache");
    }

    [TestMethod]
    public async Task AKeytabThatCannotServeIsBadInputNamingTheSettings()
    {
        await using var engine = await KerberizedEngine();
        var lacking = Assert.ThrowsExactly<BadInputException>(() => Settings(engine, keytab: Kdc.ServiceKeytab, principal: TestKdc.Client).ClientOptions());
        Assert.AreEqual($"Kerberos: Impala.Keytab {Kdc.ServiceKeytab} holds no key for Impala.KerberosPrincipal {TestKdc.Client} (it holds {TestKdc.Service}, {TestKdc.WebHdfsService})", lacking.Message);
        var second = Assert.ThrowsExactly<BadInputException>(() => Settings(engine, keytab: Kdc.ServiceKeytab, principal: TestKdc.WebHdfsService).ClientOptions());
        StringAssert.Contains(second.Message, $"holds Impala.KerberosPrincipal {TestKdc.WebHdfsService} but not first (it starts with {TestKdc.Service})");
        var missing = Path.Combine(Kdc.Folder, "absent.keytab");
        var absent = Assert.ThrowsExactly<BadInputException>(() => Settings(engine, keytab: missing).ClientOptions());
        StringAssert.Contains(absent.Message, $"Impala.Keytab {missing} cannot be read");
        var notAKeytab = Path.Combine(Kdc.Folder, "krb5.conf");
        StringAssert.Contains(Assert.ThrowsExactly<BadInputException>(() => Settings(engine, keytab: notAKeytab).ClientOptions()).Message, "is not a Kerberos keytab");
    }

    [TestMethod]
    public async Task AnEngineWithLdapUsersAndAKeytabLetsInEither()
    {
        await using var engine = await Task.FromResult(TestEngine.Start(new LocalImpalaEngineOptions
        {
            KerberosKeytab = Kdc.ServiceKeytab, KerberosPrincipal = TestKdc.Service, Users = new Dictionary<string, string> { ["alice"] = "s3cret" },
        }));
        Assert.AreEqual(45L, await Sum(Settings(engine, cache: Kdc.Kinit())), "Kerberos");
        await using (var ldap = await Hs2Session.OpenAsync(engine.Options(Hs2TransportMode.Binary, Hs2AuthMechanism.Plain, "alice", "s3cret")))
            Assert.AreEqual(1, (await ldap.QueryAsync("SELECT 1")).Rows.Count, "LDAP");
        var wrong = await Assert.ThrowsExactlyAsync<Hs2AuthenticationException>(() =>
            Hs2Session.OpenAsync(engine.Options(Hs2TransportMode.Binary, Hs2AuthMechanism.Plain, "alice", "guess")));
        Assert.DoesNotContain("guess", wrong.ToString());
    }

    [TestMethod]
    public void AnEnginePrincipalItsKeytabLacksIsRefusedAtStart()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => TestEngine.Start(new LocalImpalaEngineOptions { KerberosKeytab = Kdc.ServiceKeytab, KerberosPrincipal = "impala/elsewhere@" + TestKdc.Realm }));
        StringAssert.Contains(e.Message, $"keytab {Kdc.ServiceKeytab} holds no key for the engine's principal impala/elsewhere@{TestKdc.Realm}");
        AssertNoKeytabIn(e.ToString());
    }

    [TestMethod]
    public async Task AbsentOrExpiredTicketsAreNamedWithoutSecrets()
    {
        await using var engine = await KerberizedEngine();
        var absent = Kdc.EmptyCache();
        var e = await Assert.ThrowsExactlyAsync<Hs2AuthenticationException>(() => Sum(Settings(engine, cache: absent, principal: TestKdc.Client)));
        StringAssert.Contains(e.Message, $"Kerberos: no valid ticket for {TestKdc.Client} in {absent} (absent or expired) — run kinit {TestKdc.Client}, or set Impala.Keytab");

        var expiring = Kdc.Kinit("2s");
        // The ticket's own end time, not a test threshold: wait until the KDC's 2 s lifetime has passed.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var expired = await Assert.ThrowsExactlyAsync<Hs2AuthenticationException>(() => Sum(Settings(engine, cache: expiring)));
        StringAssert.Contains(expired.Message, $"no valid ticket for {TestKdc.Client} in {expiring} (absent or expired) — run kinit, or set Impala.Keytab");
        AssertNoKeytabIn(e.ToString() + expired);
    }

    [TestMethod]
    public async Task AServicePrincipalTheKdcDoesNotKnowIsNamed()
    {
        await using var engine = await KerberizedEngine();
        var host = await Assert.ThrowsExactlyAsync<Hs2AuthenticationException>(() => Sum(Settings(engine, cache: Kdc.Kinit(), host: "nohost")));
        StringAssert.Contains(host.Message, "no service ticket for impala/nohost");
        StringAssert.Contains(host.Message, "Impala.KerberosHost");
        var service = await Assert.ThrowsExactlyAsync<Hs2AuthenticationException>(() => Sum(Settings(engine, keytab: Kdc.ClientKeytab, service: "hive")));
        StringAssert.Contains(service.Message, "no service ticket for hive/localhost");
        StringAssert.Contains(service.Message, "Impala.KerberosService");
        AssertNoKeytabIn(host.ToString() + service);
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
        // A session's several RPCs (open, execute, poll, fetch, close) cost one SPNEGO exchange; the cookie does the rest.
        Assert.AreEqual(1, engine.Engine.HttpCookiesIssued, "one SPNEGO authentication, then the session cookie");
        Assert.AreEqual(45L, await Sum(Settings(engine, keytab: Kdc.ClientKeytab, cache: Kdc.EmptyCache(), transport: "http")), "SPNEGO from the client keytab");
        var absent = Kdc.EmptyCache();
        var e = await Assert.ThrowsExactlyAsync<Hs2AuthenticationException>(() => Sum(Settings(engine, cache: absent, transport: "http")));
        StringAssert.Contains(e.Message, $"no valid ticket for the client in {absent}");
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

        settings.WebHdfsUrl = new UriBuilder(namenode.Namenode) { Host = "localhost" }.Uri.ToString();
        var unknown = await Assert.ThrowsExactlyAsync<Hs2AuthenticationException>(() =>
            settings.StagingStore().WriteFileAsync("spnego/t/part-1.txt", s => s.WriteAsync("x"u8.ToArray()).AsTask(), CancellationToken.None));
        StringAssert.Contains(unknown.Message, "no service ticket for HTTP/localhost: the KDC may not know that principal (check Impala.WebHdfsUrl");

        settings.WebHdfsUrl = namenode.Namenode.ToString();
        settings.WebHdfsAuth = "simple";
        var refused = await Assert.ThrowsExactlyAsync<IOException>(() =>
            settings.StagingStore().WriteFileAsync("spnego/t/part-1.txt", s => s.WriteAsync("x"u8.ToArray()).AsTask(), CancellationToken.None));
        StringAssert.Contains(refused.Message, "HTTP 401");
    }

    /// <summary>
    /// What an operator sees: the engine as <c>bfw impala serve --kerberos-principal --keytab</c> in a
    /// process of its own (its own native Kerberos environment), and <c>bfw impala check</c> as the
    /// built binary configured through BFW__Impala__* settings: exit 0 with a keytab, exit 1 with the
    /// failure named for an absent or expired ticket and an unknown service, exit 2 for a keytab without the
    /// principal; no keytab bytes in any output.
    /// </summary>
    [TestMethod]
    public async Task TheBfwConsoleAgainstAKerberizedEngineProcess()
    {
        var settings = TestServer.IsolatedSettings(TestServer.UniqueName("krb"));
        var root = Directory.CreateTempSubdirectory("bfw-impala-").FullName;
        var port = TestKdc.FreePort();
        var expiring = Kdc.Kinit("2s");
        var expired = DateTime.UtcNow.AddSeconds(3); // past the ticket's end (2 s after the KDC issued it, before kinit returned)
        using var engine = BfwProcess.Start(settings, "impala", "serve", "--port", port.ToString(), "--root", root, "--kerberos-principal", TestKdc.Service, "--keytab", Kdc.ServiceKeytab);
        try
        {
            while (!TestKdc.Listening(port)) Assert.IsFalse(engine.WaitForExit(100), $"bfw impala serve exited with {(engine.HasExited ? engine.ExitCode : 0)}");
            var printed = new System.Text.StringBuilder();
            async Task<(int Code, string Text)> Check(ImpalaSettings impala)
            {
                settings.Impala = impala;
                var (code, output, error) = await BfwProcess.RunAsync(settings, "impala", "check");
                printed.Append(output).Append(error);
                return (code, output + error);
            }

            var ok = await Check(Settings(port, root, keytab: Kdc.ClientKeytab, principal: TestKdc.Client));
            Assert.AreEqual(0, ok.Code, ok.Text);
            StringAssert.Contains(ok.Text, "Kerberos, service impala/localhost");

            var absent = Kdc.EmptyCache();
            var noTicket = await Check(Settings(port, root, cache: absent, principal: TestKdc.Client));
            Assert.AreEqual(1, noTicket.Code, noTicket.Text);
            StringAssert.Contains(noTicket.Text, $"Kerberos: no valid ticket for {TestKdc.Client} in {absent}");

            if (expired > DateTime.UtcNow) await Task.Delay(expired - DateTime.UtcNow);
            var expiredTicket = await Check(Settings(port, root, cache: expiring));
            Assert.AreEqual(1, expiredTicket.Code, expiredTicket.Text);
            StringAssert.Contains(expiredTicket.Text, $"Kerberos: no valid ticket for {TestKdc.Client} in {expiring} (absent or expired)");

            var unknown = await Check(Settings(port, root, cache: Kdc.Kinit(), service: "hive"));
            Assert.AreEqual(1, unknown.Code, unknown.Text);
            StringAssert.Contains(unknown.Text, "no service ticket for hive/localhost");

            var lacking = await Check(Settings(port, root, keytab: Kdc.ServiceKeytab, principal: TestKdc.Client));
            Assert.AreEqual(2, lacking.Code, lacking.Text);
            StringAssert.Contains(lacking.Text, $"holds no key for Impala.KerberosPrincipal {TestKdc.Client}");

            var (serveCode, serveOutput, serveError) = await BfwProcess.RunAsync(settings, "impala", "serve", "--port", "0", "--root", root,
                "--kerberos-principal", "impala/elsewhere@" + TestKdc.Realm, "--keytab", Kdc.ServiceKeytab);
            Assert.AreEqual(2, serveCode, serveOutput + serveError);
            StringAssert.Contains(serveError, $"--kerberos-principal/--keytab: Kerberos keytab {Kdc.ServiceKeytab} holds no key for the engine's principal impala/elsewhere@{TestKdc.Realm}");
            AssertNoKeytabIn(printed + serveOutput + serveError);
        }
        finally
        {
            engine.Kill();
            Directory.Delete(root, true);
        }
    }
}
