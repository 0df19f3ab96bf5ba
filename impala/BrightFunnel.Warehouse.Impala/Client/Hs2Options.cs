using System.Net.Security;

namespace BrightFunnel.Warehouse.Impala.Client;

/// <summary>How HS2 messages travel: a raw TCP socket (Impala's port 21050) or HTTP POSTs (28000).</summary>
public enum Hs2TransportMode { Binary, Http }

/// <summary>
/// Authentication. <see cref="NoSasl"/>: plain unframed Thrift (Impala without auth). <see cref="Plain"/>:
/// LDAP credentials — SASL PLAIN then framed messages on the binary port, Basic auth over HTTP.
/// </summary>
public enum Hs2AuthMechanism { NoSasl, Plain, Kerberos }

/// <summary>
/// Where and how to reach an Impala daemon, and the client's pacing. Immutable; the password is
/// kept out of <see cref="ToString"/> and of every exception.
/// </summary>
public sealed class Hs2Options
{
    public string Host { get; init; } = "127.0.0.1";
    public int Port { get; init; } = 21050;
    public Hs2TransportMode Transport { get; init; } = Hs2TransportMode.Binary;
    public Hs2AuthMechanism Auth { get; init; } = Hs2AuthMechanism.NoSasl;
    public string? User { get; init; }
    public string? Password { get; init; }

    /// <summary>Kerberos: the service part of the server's principal (<c>impala</c>/host@REALM), as impyla's kerberos_service_name.</summary>
    public string KerberosService { get; init; } = "impala";

    /// <summary>Kerberos: the host part of the server's principal; null means <see cref="Host"/>.</summary>
    public string? KerberosHost { get; init; }

    /// <summary>Kerberos: the client principal (e.g. <c>bfw@EXAMPLE.COM</c>) a keytab must start with; null means the keytab's or the cache's.</summary>
    public string? KerberosPrincipal { get; init; }

    /// <summary>Kerberos: a client keytab to take tickets from (MIT's KRB5_CLIENT_KTNAME); null means the ticket cache.</summary>
    public string? KerberosKeytab { get; init; }

    /// <summary>Kerberos: the ticket cache (e.g. <c>FILE:/tmp/krb5cc_bfw</c>); null means the system default.</summary>
    public string? KerberosTicketCache { get; init; }

    internal Transport.KerberosClientIdentity KerberosIdentity => new(KerberosPrincipal, KerberosKeytab, KerberosTicketCache);

    /// <summary>TLS around the socket (binary) or <c>https</c> (HTTP).</summary>
    public bool UseTls { get; init; }

    /// <summary>Server certificate check; null means the platform's normal validation.</summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; init; }

    /// <summary>
    /// The operator's trust settings (CA bundle, pinned fingerprint); when set it decides instead of
    /// <see cref="ServerCertificateValidation"/>, and a refusal is reported in its words.
    /// </summary>
    public Transport.ServerCertificatePolicy? CertificatePolicy { get; init; }

    internal RemoteCertificateValidationCallback? CertificateValidation => CertificatePolicy?.Callback ?? ServerCertificateValidation;

    /// <summary>The path Impala serves HS2-over-HTTP on.</summary>
    public string HttpPath { get; init; } = "/cliservice";

    /// <summary>Sent with OpenSession: query options (<c>MEM_LIMIT</c>, …) and <c>use:database</c>.</summary>
    public IReadOnlyDictionary<string, string> SessionConfiguration { get; init; } = new Dictionary<string, string>();

    /// <summary>Rows asked for per FetchResults.</summary>
    public int FetchSize { get; init; } = 10_000;

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest a single RPC may take before the connection is declared dead.</summary>
    public TimeSpan RpcTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Default for queries that set none: past it the query is cancelled on the server.</summary>
    public TimeSpan? QueryTimeout { get; init; }

    /// <summary>Status polling starts at this sleep and grows by <see cref="PollGrowth"/> up to <see cref="PollMaxDelay"/>.</summary>
    public TimeSpan PollInitialDelay { get; init; } = TimeSpan.FromMilliseconds(5);
    public TimeSpan PollMaxDelay { get; init; } = TimeSpan.FromSeconds(1);
    public double PollGrowth { get; init; } = 1.5;

    /// <summary>A poll's sleep is at most this share of the time the statement has run (and at least <see cref="PollInitialDelay"/>), so it is seen finished at most about that much late.</summary>
    public double PollShare { get; init; } = 0.1;

    /// <summary>Further attempts for idempotent RPCs (and for connecting) after a transport failure.</summary>
    public int MaxRetries { get; init; } = 2;
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary><c>binary://host:port</c> or <c>https://host:port/cliservice</c>, for messages.</summary>
    public string Endpoint => Transport == Hs2TransportMode.Http
        ? $"{(UseTls ? "https" : "http")}://{Host}:{Port}{HttpPath}"
        : $"{(UseTls ? "binary+tls" : "binary")}://{Host}:{Port}";

    public override string ToString() =>
        $"{Endpoint} ({Auth switch { Hs2AuthMechanism.Plain => $"PLAIN as {User}", Hs2AuthMechanism.Kerberos => $"Kerberos, service {KerberosService}/{KerberosHost ?? Host}", _ => "no auth" }})";

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Host)) throw new ArgumentException("Hs2Options.Host is required");
        if (Port is <= 0 or > 65535) throw new ArgumentException($"Hs2Options.Port {Port} is not a port");
        if (FetchSize <= 0) throw new ArgumentException("Hs2Options.FetchSize must be positive");
        if (Auth == Hs2AuthMechanism.Plain && string.IsNullOrEmpty(User))
            throw new ArgumentException("Hs2Options.User is required for PLAIN authentication");
        if (PollGrowth < 1) throw new ArgumentException("Hs2Options.PollGrowth must be at least 1");
        if (PollShare <= 0) throw new ArgumentException("Hs2Options.PollShare must be positive");
    }
}

/// <summary>Per-statement settings.</summary>
public sealed class Hs2QueryOptions
{
    /// <summary>Impala query options for this statement only (HS2 <c>confOverlay</c>), e.g. <c>MEM_LIMIT</c>.</summary>
    public IReadOnlyDictionary<string, string> QueryOptions { get; init; } = new Dictionary<string, string>();

    /// <summary>Overrides <see cref="Hs2Options.QueryTimeout"/>: the query is cancelled if not finished by then.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Overrides <see cref="Hs2Options.FetchSize"/>.</summary>
    public int? FetchSize { get; init; }
}
