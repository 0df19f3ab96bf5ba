using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using BrightFunnel.Warehouse.Impala.Engine.Sql.Dialect;

namespace BrightFunnel.Warehouse.Impala.Engine;

/// <summary>How the local engine listens and whom it lets in.</summary>
public sealed class LocalImpalaEngineOptions
{
    /// <summary>Loopback only, by default: the engine is a developer and test stand-in, not a service.</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;

    /// <summary>
    /// The LDAP stand-in: user → password. When set, binary clients must authenticate with SASL
    /// PLAIN and HTTP clients with Basic auth (or the session cookie); unauthenticated binary
    /// clients are disconnected, as Impala with LDAP does. When null, no authentication is asked,
    /// and SASL PLAIN is accepted with any credentials.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Users { get; init; }

    /// <summary>TLS for every transport (the engine recognises a TLS hello on its port).</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>The highest HS2 protocol version answered (Impala: 6). Lower it to exercise row-based results.</summary>
    public int MaxProtocolVersion { get; init; } = 6;

    /// <summary>How long a session survives its binary connection (Impala's <c>disconnected_session_timeout</c>).</summary>
    public TimeSpan DisconnectedSessionTimeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Impala's <c>--reserved_words_version</c>: which words client statements may not use as identifiers.</summary>
    public ReservedWordsVersion ReservedWordsVersion { get; init; } = ReservedWordsVersion.Impala3_0;

    /// <summary>A file every client statement is appended to (JSON lines), or null (the default) for none.</summary>
    public string? StatementLog { get; init; }

    /// <summary>
    /// A folder where every statement that writes a table (CREATE TABLE AS, INSERT) leaves DuckDB's JSON
    /// profile of its plan, operator by operator (<c>{time}-{handle}.json</c>, with the client's statement
    /// beside it in <c>.sql</c>), or null (the default) for none. What Impala's query profile is to an
    /// operator; <c>./run bench profile</c> reads it. Created when the engine starts.
    /// </summary>
    public string? ProfileFolder { get; init; }

    /// <summary>
    /// Kerberos: the keytab holding the engine's service principal (e.g. impala/localhost@REALM). When
    /// set, binary clients may authenticate with SASL GSSAPI and HTTP clients with SPNEGO; it becomes
    /// the process's acceptor keytab (MIT's KRB5_KTNAME) when the engine starts. With <see cref="Users"/>
    /// as well, both ways in are open, as on an Impala with both Kerberos and LDAP.
    /// </summary>
    public string? KerberosKeytab { get; init; }

    /// <summary>
    /// Kerberos: the engine's service principal (e.g. impala/localhost@BFW.TEST), Impala's
    /// <c>--principal</c>. The keytab must hold it (checked at start); the acceptor takes tickets for
    /// any principal of the keytab, as MIT's default acceptor does, so give the engine a keytab of its own.
    /// </summary>
    public string? KerberosPrincipal { get; init; }

    /// <summary>
    /// What <c>version()</c> answers, or null for Impala's form (<c>impalad version 4.4.0-bfw-local …</c>).
    /// Another server's answer (Hive's <c>3.1.3000…</c>) makes the engine pass for that server where
    /// clients tell servers apart by it, as <c>bfw impala check</c> does.
    /// </summary>
    public string? Version { get; init; }

    internal bool RequiresAuthentication => Users is not null || KerberosKeytab is not null;

    internal bool Accepts(string user, string password)
    {
        if (Users is null) return KerberosKeytab is null; // Kerberos alone: no password lets anyone in
        if (!Users.TryGetValue(user, out var expected)) return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(password));
    }
}
