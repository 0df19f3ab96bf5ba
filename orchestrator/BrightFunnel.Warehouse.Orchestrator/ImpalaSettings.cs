using BrightFunnel.Warehouse.Impala.Client;
using BrightFunnel.Warehouse.Impala.Staging;
using BrightFunnel.Warehouse.Orchestrator.Cycle;
using BrightFunnel.Warehouse.Orchestrator.Engines;
using BrightFunnel.Warehouse.Orchestrator.Engines.Impala;
using BrightFunnel.Warehouse.Orchestrator.Tenants;

namespace BrightFunnel.Warehouse.Orchestrator;

/// <summary>
/// The Impala daemon the offload talks to, and where it stages. Out of the box this is the local
/// engine (<c>bfw impala serve</c>) on 127.0.0.1:21050 with its root under <c>.bfw/</c>; for a real
/// cluster set Host/Port, User/Password (LDAP, SASL PLAIN), Transport, UseTls and WebHdfsUrl.
/// </summary>
public sealed class ImpalaSettings
{
    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 21050;

    /// <summary>binary (HS2 port 21050) or http (HS2 over HTTP, port 28000 on Impala).</summary>
    public string Transport { get; set; } = "binary";

    /// <summary>LDAP user: with one, the binary transport authenticates with SASL PLAIN and HTTP with Basic auth.</summary>
    public string? User { get; set; }
    public string? Password { get; set; }
    public bool UseTls { get; set; }

    /// <summary>none | ldap | kerberos; empty: ldap when User is set, else none.</summary>
    public string? Auth { get; set; }

    /// <summary>Kerberos: the service and host of the server's principal service/host@REALM (impyla's kerberos_service_name; host defaults to Host).</summary>
    public string KerberosService { get; set; } = "impala";
    public string? KerberosHost { get; set; }

    /// <summary>Kerberos: the client principal (e.g. bfw@EXAMPLE.COM); the keytab must start with it. Empty: the keytab's first, or the cache's.</summary>
    public string? KerberosPrincipal { get; set; }

    /// <summary>Kerberos: the client keytab to take tickets from, or the ticket cache (e.g. FILE:/tmp/krb5cc_bfw); neither: the system default cache.</summary>
    public string? Keytab { get; set; }
    public string? TicketCache { get; set; }

    /// <summary>A PEM bundle of CAs to trust besides the system's (a cluster's own CA).</summary>
    public string? TlsCaFile { get; set; }

    /// <summary>The server certificate's SHA-256 fingerprint (hex, colons allowed): trusted when it matches, even self-signed; nothing else is.</summary>
    public string? TlsPinnedSha256 { get; set; }

    /// <summary>
    /// Impala query options set on every session the offload opens (e.g. <c>REQUEST_POOL</c> for the
    /// admission-control pool, <c>MEM_LIMIT</c>), as impala-shell's <c>SET</c> would.
    /// </summary>
    public Dictionary<string, string> QueryOptions { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Rows per FetchResults call when copying results back.</summary>
    public int FetchSize { get; set; } = 50_000;

    /// <summary>The local engine's root folder: its stand-in for HDFS, where staging writes when no WebHDFS is set.</summary>
    public string Root { get; set; } = Path.Combine(Directory.GetCurrentDirectory(), ".bfw", "impala");

    /// <summary>
    /// The local engine's reserved words (Impala's <c>--reserved_words_version</c>): "3.0" (Impala's
    /// default) or "2.11". Set it to what the cluster runs with, so the engine refuses what it would.
    /// </summary>
    public string ReservedWordsVersion { get; set; } = "3.0";

    /// <summary>The namenode's WebHDFS address (e.g. http://namenode:9870); empty = stage into <see cref="Root"/>.</summary>
    public string? WebHdfsUrl { get; set; }
    public string WebHdfsPath { get; set; } = "/user/bfw/staging";
    public string? WebHdfsUser { get; set; }

    /// <summary>simple | kerberos (SPNEGO as HTTP/&lt;namenode host&gt; with Keytab or TicketCache); empty: kerberos when Auth is kerberos.</summary>
    public string? WebHdfsAuth { get; set; }

    public Hs2Options ClientOptions() => new()
    {
        Host = Host,
        Port = Port,
        Transport = Transport.Equals("http", StringComparison.OrdinalIgnoreCase) ? Hs2TransportMode.Http : Hs2TransportMode.Binary,
        Auth = CheckedKerberos(AuthMechanism()),
        KerberosService = KerberosService,
        KerberosHost = KerberosHost,
        KerberosPrincipal = KerberosPrincipal,
        KerberosKeytab = Keytab,
        KerberosTicketCache = TicketCache,
        User = User,
        Password = Password,
        UseTls = UseTls,
        CertificatePolicy = UseTls ? CertificatePolicy() : null,
        SessionConfiguration = QueryOptions,
        FetchSize = FetchSize,
    };

    public IStagingStore StagingStore() => string.IsNullOrWhiteSpace(WebHdfsUrl)
        ? new LocalStagingStore(Root)
        : new WebHdfsStagingStore(new Uri(WebHdfsUrl), WebHdfsPath, WebHdfsUser, authorization: WebHdfsSpnego());

    Func<System.Net.Http.Headers.AuthenticationHeaderValue>? WebHdfsSpnego()
    {
        var kerberos = WebHdfsAuth?.Trim().ToLowerInvariant() switch
        {
            null or "" => AuthMechanism() == Hs2AuthMechanism.Kerberos,
            "simple" => false,
            "kerberos" => true,
            _ => throw new BadInputException($"Impala.WebHdfsAuth must be simple or kerberos, got '{WebHdfsAuth}'"),
        };
        if (!kerberos) return null;
        var service = $"HTTP/{new Uri(WebHdfsUrl!).Host}";
        return () => new("Negotiate", Convert.ToBase64String(
            BrightFunnel.Warehouse.Impala.Transport.SaslGssapiClient.SpnegoToken(service, KerberosPrincipal, Keytab, TicketCache, WebHdfsUrl!, "Impala.WebHdfsUrl, whose host makes the namenode's HTTP/<host>")));
    }

    /// <summary>A keytab that cannot serve (missing, not a keytab, without the principal) is bad input, named before anything is sent.</summary>
    Hs2AuthMechanism CheckedKerberos(Hs2AuthMechanism auth)
    {
        if (auth != Hs2AuthMechanism.Kerberos) return auth;
        try { new BrightFunnel.Warehouse.Impala.Transport.KerberosClientIdentity(KerberosPrincipal, Keytab, TicketCache).Check(); }
        catch (BrightFunnel.Warehouse.Impala.Transport.KerberosIdentityException e) { throw new BadInputException(e.Message); }
        return auth;
    }

    BrightFunnel.Warehouse.Impala.Transport.ServerCertificatePolicy CertificatePolicy()
    {
        try { return new(TlsCaFile, TlsPinnedSha256); }
        catch (ArgumentException e) { throw new BadInputException(e.Message); }
    }

    Hs2AuthMechanism AuthMechanism() => Auth?.Trim().ToLowerInvariant() switch
    {
        null or "" => string.IsNullOrEmpty(User) ? Hs2AuthMechanism.NoSasl : Hs2AuthMechanism.Plain,
        "none" => Hs2AuthMechanism.NoSasl,
        "ldap" => Hs2AuthMechanism.Plain,
        "kerberos" => Hs2AuthMechanism.Kerberos,
        _ => throw new BadInputException($"Impala.Auth must be none, ldap or kerberos, got '{Auth}'"),
    };
}
